using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Config;

namespace SchedulerExtender.Kubernetes.Tests.Config;

public sealed class ProvisioningConfigSourceTests
{
    private const string NodeClass = """
        apiVersion: karpenter.k8s.alibabacloud/v1alpha1
        kind: ECSNodeClass
        metadata:
          name: defaultnodeclass
        spec:
          vSwitchSelectorTerms: [{ tags: { karpenter.sh/discovery: demo } }]
          securityGroupSelectorTerms: [{ id: sg-123 }]
          imageSelectorTerms: [{ alias: ContainerOS }]
        """;

    private const string Pool = """
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata:
          name: spark
        spec:
          weight: 50
          template:
            spec:
              requirements:
                - key: karpenter.k8s.alibabacloud/instance-cpu
                  operator: Gt
                  values: ["3"]
                - { key: kubernetes.io/arch, operator: In, values: [amd64] }
              nodeClassRef: { group: karpenter.k8s.alibabacloud, kind: ECSNodeClass, name: defaultnodeclass }
          limits:
            cpu: 1000
            memory: 4000Gi
        """;

    [Fact]
    public void Loads_the_articles_nodepool_and_nodeclass_files_unchanged()
    {
        var source = new ProvisioningConfigSource();

        var errors = source.LoadFiles(SharedSeed.File("nodepool.yaml"), SharedSeed.File("nodeclass.yaml"));

        errors.Should().BeEmpty();
        var pool = source.Current.NodePools.Should().ContainSingle().Subject;
        pool.Name.Should().Be("ecsnodepool");
        pool.Requirements.Should().HaveCount(3);
        pool.Disruption.Budgets.Should().ContainSingle().Which.Nodes.Should().Be(95);
        pool.Disruption.ConsolidateAfter.Should().Be(TimeSpan.FromMinutes(1));
        var nodeClass = source.Current.NodeClassFor(pool)!;
        nodeClass.ImageSelectorTerms.Should().ContainSingle().Which.Alias.Should().Be("ContainerOS");
        nodeClass.SystemDisk!.SizeGiB.Should().Be(20);
        nodeClass.SystemDisk.Categories.Should().Equal("cloud_auto");
    }

    [Fact]
    public void Reads_several_documents_with_flow_style_and_plain_numbers()
    {
        var source = new ProvisioningConfigSource();

        source.Load([("all.yaml", Pool + "\n---\n" + NodeClass)]).Should().BeEmpty();

        var pool = source.Current.NodePools.Single();
        pool.Weight.Should().Be(50);
        pool.Limits.MilliCpu.Should().Be(1_000_000);
        pool.Requirements[0].Should().BeEquivalentTo(new NodeSelectorRequirement("karpenter.k8s.alibabacloud/instance-cpu", RequirementOperator.Gt, ["3"]));
        source.Current.NodeClasses.Single().SecurityGroupSelectorTerms.Single().Id.Should().Be("sg-123");
    }

    public static TheoryData<string, string, string> Invalid() => new()
    {
        // case, the change to the valid pool text, the error (path first)
        { "the article's typo", "operator: In, values: [amd64]", "all.yaml (NodePool spark) spec.template.spec.requirements[1].operator: \"operatorIn\" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt" },
        { "quoted number is still an integer", "weight: 50", "all.yaml (NodePool spark) spec.weight: 0 is out of range 1..100" },
        { "unclosed flow sequence", "cpu: 1000", "all.yaml: not valid YAML" },
        { "bad indentation", "memory: 4000Gi", "all.yaml line 17, column 13" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_update_is_rejected_and_the_previous_configuration_stays(string because, string original, string error)
    {
        var source = new ProvisioningConfigSource();
        source.Load([("all.yaml", Pool + "\n---\n" + NodeClass)]).Should().BeEmpty();
        var before = source.Current;
        var broken = Pool.Replace(original, because switch
        {
            "the article's typo" => "operator: operatorIn, values: [amd64]",
            "quoted number is still an integer" => "weight: \"0\"",
            "unclosed flow sequence" => "cpu: [1000",
            _ => "  memory: 4000Gi",
        }, StringComparison.Ordinal);

        var errors = source.Load([("all.yaml", broken + "\n---\n" + NodeClass)]);

        errors.Select(e => e.ToString()).Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal), because);
        source.Current.Should().BeSameAs(before, because);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var source = new ProvisioningConfigSource();

        source.LoadFiles(Path.Combine(Path.GetTempPath(), "no-such-dir-schedext", "pool.yaml"))
            .Should().ContainSingle().Which.Message.Should().StartWith("cannot be read");
        source.Current.Should().BeSameAs(ProvisioningConfig.Empty);
    }
}
