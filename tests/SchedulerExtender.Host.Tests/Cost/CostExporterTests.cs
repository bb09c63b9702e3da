using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tests.Monitoring;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Cost;

/// <summary>
/// <c>schedext serve</c> connected to the embedded Kubernetes API prices the nodes it lists and
/// publishes the cost series on /metrics, following the cluster as nodes come and go.
/// </summary>
public sealed class CostExporterTests
{
    private const string Type = "ecs.c7.xlarge";
    private const string Zone = "cn-shenzhen-f";

    [Fact]
    public async Task Cost_series_follow_the_nodes_in_the_cluster()
    {
        var spot = BuiltInCatalog.Catalog.Find(Type, Zone, CapacityType.Spot)!.PricePerHour;
        var onDemand = BuiltInCatalog.Catalog.Find(Type, Zone, CapacityType.OnDemand)!.PricePerHour;
        await using var api = await EmbeddedKubeApi.StartAsync();
        AddNode(api, "executor-1", """{"karpenter.sh/nodepool":"spark","karpenter.sh/capacity-type":"spot","node.kubernetes.io/instance-type":"ecs.c7.xlarge","topology.kubernetes.io/zone":"cn-shenzhen-f"}""");
        AddNode(api, "executor-2", """{"karpenter.sh/nodepool":"spark","karpenter.sh/capacity-type":"spot","node.kubernetes.io/instance-type":"ecs.c7.xlarge","topology.kubernetes.io/zone":"cn-shenzhen-f"}""");
        AddNode(api, "driver-1", """{"karpenter.sh/nodepool":"spark","karpenter.sh/capacity-type":"on-demand","node.kubernetes.io/instance-type":"ecs.c7.xlarge","topology.kubernetes.io/zone":"cn-shenzhen-f"}""");
        AddNode(api, "control", """{"kubernetes.io/os":"linux"}""");
        await using var server = await RunningServer.StartAsync(
            configuration: new Dictionary<string, string?> { ["Cost:Interval"] = "00:00:00.100" },
            kubernetes: KubernetesConnection.ForUrl(api.BaseAddress));

        var metrics = await MetricsWhenAsync(server, m => Value(m, "schedext_cost_total") > 0);
        Value(metrics, """schedext_cost_per_hour{nodepool="spark",capacity_type="spot",instance_type="ecs.c7.xlarge"}""").Should().BeApproximately(2 * spot, 1e-9);
        Value(metrics, """schedext_cost_per_hour{nodepool="spark",capacity_type="on-demand",instance_type="ecs.c7.xlarge"}""").Should().BeApproximately(onDemand, 1e-9);
        Value(metrics, "schedext_on_demand_equivalent_cost_per_hour").Should().BeApproximately(3 * onDemand, 1e-9);
        Value(metrics, "schedext_cost_saving_ratio").Should().BeApproximately(1 - ((2 * spot) + onDemand) / (3 * onDemand), 1e-9);
        Value(metrics, """schedext_nodes{nodepool="spark",capacity_type="spot"}""").Should().Be(2);
        Value(metrics, """schedext_nodes{nodepool="none",capacity_type="on-demand"}""").Should().Be(1, "a node without Karpenter labels is counted, unpriced");
        metrics.Should().Contain("# HELP schedext_cost_per_hour Current cost of the cluster's nodes in CNY per hour");
        await Promtool.FindsNothingAsync(metrics);

        api.Store.Delete(KubeResources.Nodes, null, "driver-1");
        metrics = await MetricsWhenAsync(server, m => !m.Contains("capacity_type=\"on-demand\",instance_type", StringComparison.Ordinal));
        Value(metrics, "schedext_on_demand_equivalent_cost_per_hour").Should().BeApproximately(2 * onDemand, 1e-9);
        metrics.Should().NotContain("""schedext_nodes{nodepool="spark",capacity_type="on-demand"}""");
    }

    private static void AddNode(EmbeddedKubeApi api, string name, string labels) =>
        api.Store.Create(KubeResources.Nodes, null, JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","labels":{{{labels}}}}}""")!.AsObject());

    private static async Task<string> MetricsWhenAsync(RunningServer server, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var metrics = await server.Http.GetStringAsync("/metrics");
            if (condition(metrics))
            {
                return metrics;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The metrics never met the condition:\n{metrics}");
            }

            await Task.Delay(50);
        }
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
