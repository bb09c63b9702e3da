using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>The NodePool, NodeClaim and ECSNodeClass CRDs: structural, and fit for the article's YAML.</summary>
[Collection(ManifestsCollection.Name)]
public sealed class CrdManifestTests(RenderedManifests manifests)
{
    /// <summary>A NodeClaim like the first row of the article's `kubectl get nodeclaim`.</summary>
    private const string ArticleNodeClaim = """
        apiVersion: karpenter.sh/v1
        kind: NodeClaim
        metadata:
          name: ecsnodepool-n6b5h
          creationTimestamp: "2025-02-20T10:23:19Z"
          labels:
            karpenter.sh/nodepool: ecsnodepool
            karpenter.sh/capacity-type: spot
            node.kubernetes.io/instance-type: ecs.e-c1m2.2xlarge
            topology.kubernetes.io/zone: cn-shenzhen-f
        spec:
          nodeClassRef: {group: karpenter.k8s.alibabacloud, kind: ECSNodeClass, name: defaultnodeclass}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
          resources:
            requests: {cpu: 4, memory: 7Gi, pods: "5"}
        status:
          nodeName: cn-shenzhen.172.16.4.94
          providerID: cn-shenzhen.i-wz9abcdef0123456789
          capacity: {cpu: "8", memory: 16Gi}
          conditions:
            - {type: Launched, status: "True", reason: Launched, message: "", lastTransitionTime: "2025-02-20T10:23:21Z"}
            - {type: Ready, status: "True", reason: Ready, message: "", lastTransitionTime: "2025-02-20T10:24:01Z"}
        """;

    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "karpenter.sh", "v1", "NodePool" },
        { "karpenter.sh", "v1", "NodeClaim" },
        { "karpenter.k8s.alibabacloud", "v1alpha1", "ECSNodeClass" },
    };

    private JsonObject Crd(string group, string kind) =>
        manifests.Of("overlays/plain").OfKind("CustomResourceDefinition")
            .Single(c => (string?)c["spec"]!["group"] == group && (string?)c["spec"]!["names"]!["kind"] == kind);

    private JsonObject Schema(string group, string kind) =>
        Crd(group, kind)["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Crd_is_a_served_cluster_scoped_v1_crd_with_a_structural_schema(string group, string version, string kind)
    {
        var crd = Crd(group, kind);

        ((string?)crd["apiVersion"]).Should().Be("apiextensions.k8s.io/v1");
        crd.Name().Should().Be($"{crd["spec"]!["names"]!["plural"]}.{group}");
        ((string?)crd["spec"]!["scope"]).Should().Be("Cluster");
        var versions = crd["spec"]!["versions"]!.AsArray();
        versions.Should().ContainSingle(v => (bool)v!["storage"]! && (bool)v["served"]! && (string?)v["name"] == version);
        StructuralSchema.Violations(Schema(group, kind)).Should().BeEmpty();
        versions[0]!["subresources"]!["status"].Should().NotBeNull("controllers write status through the subresource");
    }

    [Fact]
    public void Nodeclaim_columns_read_like_the_articles_kubectl_get_nodeclaim()
    {
        var columns = Crd("karpenter.sh", "NodeClaim")["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray()
            .Where(c => c!["priority"] is null || (int)c["priority"]! == 0).ToList();
        var claim = YamlToJson.Single(ArticleNodeClaim);

        columns.Select(c => ((string)c!["name"]!).ToUpperInvariant())
            .Should().Equal("TYPE", "CAPACITY", "ZONE", "NODE", "READY", "AGE");
        columns.Select(c => (string?)c!["type"]).Should().Equal("string", "string", "string", "string", "string", "date");
        columns.Take(5).Select(c => PrinterColumnPath.Evaluate(claim, (string)c!["jsonPath"]!))
            .Should().Equal("ecs.e-c1m2.2xlarge", "spot", "cn-shenzhen-f", "cn-shenzhen.172.16.4.94", "True");
        PrinterColumnPath.Evaluate(claim, (string)columns[5]!["jsonPath"]!).Should().Be("2025-02-20T10:23:19Z");
        SchemaValidator.Validate(claim, Schema("karpenter.sh", "NodeClaim")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("nodepool.yaml", "karpenter.sh", "NodePool")]
    [InlineData("nodeclass.yaml", "karpenter.k8s.alibabacloud", "ECSNodeClass")]
    public void Articles_yaml_conforms_to_the_schema(string seedFile, string group, string kind)
    {
        var seed = YamlToJson.Single(File.ReadAllText(RepositoryLayout.SharedSeed(seedFile)));

        ((string?)seed["apiVersion"]).Should().Be($"{group}/{(string?)Crd(group, kind)["spec"]!["versions"]![0]!["name"]}");
        ((string?)seed["kind"]).Should().Be(kind);
        SchemaValidator.Validate(seed, Schema(group, kind)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("spec.template.spec.requirements[0].operator", "\"Inn\"", "is not one of")]
    [InlineData("spec.template.spec.requirement", "[]", "field not declared")]
    [InlineData("spec.disruption.budgets[0].nodes", "\"95 percent\"", "does not match")]
    [InlineData("spec.disruption.consolidateAfter", "\"1 minute\"", "does not match")]
    [InlineData("spec.weight", "0", "is below 1")]
    [InlineData("spec.template.spec.nodeClassRef", "{\"name\": \"x\"}", "missing required field 'group'")]
    public void A_broken_nodepool_is_rejected(string path, string json, string expected)
    {
        var seed = YamlToJson.Single(File.ReadAllText(RepositoryLayout.SharedSeed("nodepool.yaml")));
        Set(seed, path, JsonNode.Parse(json));

        SchemaValidator.Validate(seed, Schema("karpenter.sh", "NodePool")).Should().Contain(e => e.Contains(expected));
    }

    [Theory]
    [InlineData("spec.systemDisk.size", "\"20\"", "expected integer")]
    [InlineData("spec.systemDisk.categories", "[\"cloud_fast\"]", "is not one of")]
    [InlineData("spec.imageSelectorTerms[0].alias", "\"Ubuntu\"", "is not one of")]
    [InlineData("spec.vSwitchSelectorTerms", "[]", "fewer than 1 items")]
    public void A_broken_ecsnodeclass_is_rejected(string path, string json, string expected)
    {
        var seed = YamlToJson.Single(File.ReadAllText(RepositoryLayout.SharedSeed("nodeclass.yaml")));
        Set(seed, path, JsonNode.Parse(json));

        SchemaValidator.Validate(seed, Schema("karpenter.k8s.alibabacloud", "ECSNodeClass")).Should().Contain(e => e.Contains(expected));
    }

    [Fact]
    public void Structural_check_flags_an_untyped_field_and_a_typed_junctor()
    {
        var schema = JsonNode.Parse("""
            {"type": "object", "properties": {
              "loose": {"description": "no type"},
              "either": {"type": "string", "anyOf": [{"type": "string"}, {"type": "integer"}]}}}
            """)!.AsObject();

        StructuralSchema.Violations(schema).Should().Contain(v => v.Contains("$.loose: no type"))
            .And.Contain(v => v.Contains("'type' is not allowed inside a logical junctor"));
    }

    /// <summary>Sets a value at a dotted path with [index] steps, e.g. spec.items[0].name.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = path.Split('.');
        JsonNode node = root;
        foreach (var step in steps[..^1])
        {
            node = Step(node, step);
        }

        var last = steps[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            node[last] = value;
        }
        else
        {
            Step(node, last[..bracket]).AsArray()[int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0
            ? node[step]!
            : node[step[..bracket]]![int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }
}
