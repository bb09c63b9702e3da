using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using static SchedulerExtender.Core.Tests.Config.ConfigDocuments;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class NodePoolReaderTests
{
    [Fact]
    public void Reads_the_articles_node_pool_with_karpenters_defaults()
    {
        var result = NodePoolReader.Read(Parse(NodePoolJson));

        result.Errors.Should().BeEmpty();
        var pool = result.Value!;
        pool.Name.Should().Be("ecsnodepool");
        pool.Requirements.Select(r => $"{r.Key} {r.Operator} {string.Join(",", r.Values)}").Should().Equal(
            "kubernetes.io/arch In amd64", "kubernetes.io/os In linux", "karpenter.sh/capacity-type In spot,on-demand");
        pool.NodeClassRef.Should().Be(new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "defaultnodeclass"));
        pool.Disruption.ConsolidationPolicy.Should().Be(ConsolidationPolicy.WhenEmptyOrUnderutilized);
        pool.Disruption.ConsolidateAfter.Should().Be(TimeSpan.FromMinutes(1));
        pool.Disruption.Budgets.Should().ContainSingle().Which.Should().Match<DisruptionBudget>(b => b.Nodes == 95 && b.IsPercent);
        pool.ExpireAfter.Should().Be(TimeSpan.FromHours(720));
        pool.TerminationGracePeriod.Should().BeNull("Karpenter's default: a drain waits as long as it takes");
        pool.Weight.Should().Be(0);
        pool.Limits.Should().Be(NodePoolLimits.None);
    }

    [Fact]
    public void Reads_every_optional_field()
    {
        var doc = Parse(NodePoolJson);
        var spec = doc["spec"]!.AsObject();
        spec["weight"] = 10;
        spec["limits"] = new JsonObject { ["cpu"] = "1000", ["memory"] = "1000Gi" };
        var t = spec["template"]!["spec"]!.AsObject();
        t["taints"] = JsonNode.Parse("""[{"key":"spark","value":"true","effect":"NoSchedule"}]""");
        t["startupTaints"] = JsonNode.Parse("""[{"key":"init","effect":"NoExecute"}]""");
        t["expireAfter"] = "Never";
        t["terminationGracePeriod"] = "48h";
        t["requirements"]!.AsArray().Add(JsonNode.Parse("""{"key":"node.kubernetes.io/instance-type","operator":"Exists","minValues":5}"""));
        spec["disruption"] = JsonNode.Parse("""{"consolidationPolicy":"WhenEmpty","consolidateAfter":"Never","budgets":[{"nodes":"3","schedule":"0 9 * * mon-fri","duration":"8h","reasons":["Drifted"]}]}""");

        var pool = NodePoolReader.Read(doc).Value!;

        pool.Weight.Should().Be(10);
        pool.Limits.Should().Be(new NodePoolLimits(1_000_000, 1000L * 1024 * 1024 * 1024, null, null));
        pool.Taints.Should().Equal(new Taint("spark", "true", "NoSchedule"));
        pool.StartupTaints.Should().Equal(new Taint("init", null, "NoExecute"));
        pool.ExpireAfter.Should().BeNull();
        pool.TerminationGracePeriod.Should().Be(TimeSpan.FromHours(48));
        pool.Requirements[^1].MinValues.Should().Be(5);
        pool.Disruption.ConsolidateAfter.Should().BeNull();
        pool.Disruption.Budgets.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new DisruptionBudget(3, false, "0 9 * * mon-fri", TimeSpan.FromHours(8), ["Drifted"]));
    }

    public static TheoryData<string, JsonNode?, string> Invalid() => new()
    {
        // field, bad value (null = removed), the error
        { "spec.template.spec.requirements[1].operator", "operatorIn", "spec.template.spec.requirements[1].operator: \"operatorIn\" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt" },
        { "spec.template.spec.requirements[0].values", new JsonArray(), "spec.template.spec.requirements[0].values: In needs at least one value" },
        { "spec.template.spec.requirements[0].key", null, "spec.template.spec.requirements[0].key: required" },
        { "spec.template.spec.requirements[0].key", "karpenter.sh/nodepool", "spec.template.spec.requirements[0].key: \"karpenter.sh/nodepool\" is set by Karpenter" },
        { "spec.template.spec.requirements[0].minValues", 2, "spec.template.spec.requirements[0].minValues: 2 is more than the 1 values listed" },
        { "spec.template.spec.requirements[0].operator", "Gt", "spec.template.spec.requirements[0].values: Gt takes exactly one integer value" },
        { "spec.template.spec.requirments", new JsonArray(), "spec.template.spec.requirments: unknown field" },
        { "spec.template.spec.nodeClassRef", null, "spec.template.spec.nodeClassRef: required" },
        { "spec.template.spec.nodeClassRef.name", null, "spec.template.spec.nodeClassRef.name: required" },
        { "spec.template.spec.expireAfter", "30 days", "spec.template.spec.expireAfter: \"30 days\" is not a duration" },
        { "spec.template.spec.terminationGracePeriod", "Never", "spec.template.spec.terminationGracePeriod: \"Never\" is not a duration" },
        { "spec.template.spec.taints", JsonNode.Parse("""[{"key":"a","effect":"NoRun"}]"""), "spec.template.spec.taints[0].effect: \"NoRun\" is not one of NoSchedule, PreferNoSchedule, NoExecute" },
        { "spec.disruption.consolidationPolicy", "WhenUnderutilized", "spec.disruption.consolidationPolicy: \"WhenUnderutilized\" is not one of WhenEmpty, WhenEmptyOrUnderutilized" },
        { "spec.disruption.consolidateAfter", "soon", "spec.disruption.consolidateAfter: \"soon\" is not a duration" },
        { "spec.disruption.budgets[0].nodes", "150%", "spec.disruption.budgets[0].nodes: \"150%\" is not a node count or a percentage" },
        { "spec.disruption.budgets[0].reasons", new JsonArray("Expired"), "spec.disruption.budgets[0].reasons[0]: \"Expired\" is not one of Underutilized, Empty, Drifted" },
        { "spec.disruption.budgets[0].schedule", "@daily", "spec.disruption.budgets[0].duration: schedule and duration must be set together" },
        { "spec.limits", JsonNode.Parse("""{"cpu":"lots"}"""), "spec.limits.cpu: \"lots\" is not a resource quantity" },
        { "spec.limits", JsonNode.Parse("""{"gpu":"1"}"""), "spec.limits.gpu: unknown field" },
        { "spec.weight", 101, "spec.weight: 101 is out of range 1..100" },
        { "metadata.name", "Bad_Name", "metadata.name: \"Bad_Name\" is not a lowercase DNS subdomain" },
        { "apiVersion", "karpenter.sh/v1beta1", "apiVersion: \"karpenter.sh/v1beta1\" is not karpenter.sh/v1" },
        { "spec.template", "x", "spec.template: must be an object" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_fields_are_rejected_with_their_path(string field, JsonNode? value, string error)
    {
        var result = NodePoolReader.Read(With(NodePoolJson, field, value));

        result.Value.Should().BeNull();
        result.IsValid.Should().BeFalse();
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_in_a_document_is_reported_at_once()
    {
        var doc = With(NodePoolJson, "spec.weight", 0);
        doc["spec"]!["template"]!["spec"]!["requirements"]![1]!["operator"] = "operatorIn";

        NodePoolReader.Read(doc).Errors.Select(e => e.Path).Should().Equal("spec.template.spec.requirements[1].operator", "spec.weight");
    }

    [Theory]
    [InlineData(10, true, 25, 3)]
    [InlineData(95, true, 2, 2)]
    [InlineData(5, false, 100, 5)]
    [InlineData(0, true, 10, 0)]
    public void Budgets_round_percentages_up(int nodes, bool percent, int total, int allowed) =>
        new DisruptionBudget(nodes, percent, null, null, []).AllowedDisruptions(total).Should().Be(allowed);
}
