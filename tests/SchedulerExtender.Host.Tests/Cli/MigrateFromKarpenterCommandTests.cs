using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Host.Cli;
using SchedulerExtender.Kubernetes.Config;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary>
/// <c>schedext migrate-from-karpenter</c>: kubectl's YAML in, schedext's objects out (read back by
/// schedext's own readers), warnings and errors on stderr, exit 1 when something was not converted.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class MigrateFromKarpenterCommandTests
{
    // The shape of `kubectl get ecsnodeclasses.karpenter.alibabacloud.com,nodepools -o yaml`.
    private const string KubectlList = """
        apiVersion: v1
        items:
        - apiVersion: karpenter.alibabacloud.com/v1alpha1
          kind: ECSNodeClass
          metadata:
            name: default
            resourceVersion: "4711"
          spec:
            clusterID: c0123
            vSwitchSelectorTerms:
            - tags:
                karpenter.sh/discovery: demo
            securityGroupSelectorTerms:
            - tags:
                karpenter.sh/discovery: demo
            imageSelectorTerms:
            - imageFamily: acs:lifsea_os_3_x64
            systemDisk:
              category: cloud_essd
              size: 40
              performanceLevel: PL0
            dataDisks:
            - category: cloud_essd
              size: 120
            tags:
              cost-center: "1001"
              enabled: "true"
            userData: |
              #!/bin/bash
              echo ready
          status:
            ready: true
        - apiVersion: karpenter.sh/v1
          kind: NodePool
          metadata:
            name: default
          spec:
            template:
              spec:
                nodeClassRef:
                  group: karpenter.alibabacloud.com
                  kind: ECSNodeClass
                  name: default
                requirements:
                - key: karpenter.sh/capacity-type
                  operator: In
                  values: ["spot", "on-demand"]
        kind: List
        metadata:
          resourceVersion: ""
        """;

    private const string RefusedClass = """
        apiVersion: karpenter.alibabacloud.com/v1alpha1
        kind: ECSNodeClass
        metadata:
          name: by-name
        spec:
          vSwitchSelectorTerms: [{id: vsw-1}]
          securityGroupSelectorTerms: [{id: sg-1}]
          imageSelectorTerms: [{name: "aliyun_3_*"}]
        """;

    [Fact]
    public async Task A_kubectl_list_converts_to_objects_schedexts_readers_accept()
    {
        var (code, output, error) = await RunAsync(KubectlList, "-f", "-");

        code.Should().Be(0, error);
        var documents = YamlJson.Parse(output);
        documents.Should().HaveCount(2);
        var nodeClass = EcsNodeClassReader.Read(documents[0]);
        nodeClass.Errors.Should().BeEmpty();
        nodeClass.Value!.ImageSelectorTerms.Should().Equal(new ImageSelectorTerm("ContainerOS", null));
        nodeClass.Value.Tags.Should().Equal(new Dictionary<string, string> { ["cost-center"] = "1001", ["enabled"] = "true" });
        nodeClass.Value.UserData.Should().Be("#!/bin/bash\necho ready\n");
        var pool = NodePoolReader.Read(documents[1]);
        pool.Errors.Should().BeEmpty();
        var config = ProvisioningConfigReader.Read(documents);
        config.Errors.Should().BeEmpty("the pool must find the converted class by group, kind and name");
        error.Should().Contain("warning: stdin: document 1, items[0]: ECSNodeClass default: spec.clusterID: dropped")
            .And.Contain("spec.dataDisks: dropped")
            .And.Contain("2 object(s) written");
    }

    [Fact]
    public async Task Bad_yaml_and_refused_objects_are_named_the_others_still_written_and_the_exit_code_is_1()
    {
        var folder = Directory.CreateTempSubdirectory("schedext-migrate-").FullName;
        try
        {
            var input = Path.Combine(folder, "karpenter.yaml");
            var converted = Path.Combine(folder, "converted.yaml");
            await File.WriteAllTextAsync(input, $"# exported\n---\n{RefusedClass}\n---\nkind: [unclosed\n---\n{KubectlList}");

            var (code, output, error) = await RunAsync("", "-f", input, "-o", converted);

            code.Should().Be(1);
            output.Should().BeEmpty();
            error.Should().Contain($"error: {input}: document 1: ECSNodeClass by-name: spec.imageSelectorTerms[0]: schedext selects images by id or alias only")
                .And.Contain($"error: {input}: document 2 (line 13)")
                .And.NotContain("   at ");
            var documents = YamlJson.Parse(await File.ReadAllTextAsync(converted));
            documents.Select(d => d!["kind"]!.GetValue<string>()).Should().Equal("ECSNodeClass", "NodePool");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_directory_is_read_file_by_file_and_other_groups_are_left_as_they_are()
    {
        var folder = Directory.CreateTempSubdirectory("schedext-migrate-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "a-list.yaml"), KubectlList);
            await File.WriteAllTextAsync(Path.Combine(folder, "b-pool.yml"), """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: aws}
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements: []
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not read");

            var (code, output, error) = await RunAsync("", "-f", folder);

            code.Should().Be(0, error);
            var documents = YamlJson.Parse(output);
            documents.Should().HaveCount(3);
            documents[2]!["spec"]!["template"]!["spec"]!["nodeClassRef"]!["group"]!.GetValue<string>().Should().Be("karpenter.k8s.aws");
            error.Should().Contain("NodePool aws: spec.template.spec.nodeClassRef.group: \"karpenter.k8s.aws\" is not Karpenter's Alibaba Cloud group");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_exits_2_with_a_message()
    {
        var (code, _, error) = await RunAsync("", "-f", "/nonexistent/karpenter.yaml");

        code.Should().Be(2);
        error.Should().Contain("schedext migrate-from-karpenter:").And.Contain("/nonexistent/karpenter.yaml");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (originalIn, originalOut, originalError) = (Console.In, Console.Out, Console.Error);
        Console.SetIn(new StringReader(stdin));
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await SchedextCommand.Create().Parse(["migrate-from-karpenter", .. args]).InvokeAsync();
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetIn(originalIn);
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
