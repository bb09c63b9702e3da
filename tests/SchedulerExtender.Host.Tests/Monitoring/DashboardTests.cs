using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchedulerExtender.Host.Tests.Cli;
using SchedulerExtender.Host.Tests.Deployment.Support;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// The Grafana dashboard only queries metrics the service exports, and every query is valid
/// PromQL (checked by promtool as recording rules).
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string DashboardPath = Path.Combine(RepositoryLayout.Root, "manifests", "monitoring", "grafana-dashboard.json");

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported()
    {
        // Connected to a cluster, as deployed: the cost, provisioner and cloud series exist only then.
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, JsonNode.Parse("""
            {"metadata":{"name":"executor-1","labels":{"karpenter.sh/nodepool":"spark","karpenter.sh/capacity-type":"spot",
             "node.kubernetes.io/instance-type":"ecs.c7.xlarge","topology.kubernetes.io/zone":"cn-shenzhen-f"}}}
            """)!.AsObject());
        await using var server = await RunningServer.StartAsync(
            configuration: new Dictionary<string, string?> { ["Cost:Interval"] = "00:00:00.100" },
            kubernetes: KubernetesConnection.ForUrl(api.BaseAddress));
        await server.WaitUntilReadyAsync();
        await PrometheusTests.SendTrafficAsync(server);
        var exported = MetricFamily().Matches(await server.Http.GetStringAsync("/metrics")).Select(m => m.Groups[1].Value).ToHashSet();

        var queried = Expressions().SelectMany(PromQl.Families).Distinct().ToList();

        queried.Should().NotBeEmpty();
        queried.Should().BeSubsetOf(exported);
    }

    [Fact]
    public async Task Every_query_is_valid_promql()
    {
        Promtool.Require();
        var rules = Path.Combine(Directory.CreateTempSubdirectory("schedext-rules-").FullName, "rules.yml");
        var lines = new List<string> { "groups:", "  - name: dashboard", "    rules:" };
        var i = 0;
        foreach (var expression in Expressions())
        {
            lines.Add($"      - record: dashboard:query{i++}");
            lines.Add($"        expr: '{expression.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        await File.WriteAllLinesAsync(rules, lines);

        var (code, output) = await Tool.RunAsync("promtool", "check", "rules", rules);

        code.Should().Be(0, output);
    }

    private static List<string> Expressions() =>
        JsonNode.Parse(File.ReadAllText(DashboardPath))!["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray())
            .Select(t => t!["expr"]!.GetValue<string>())
            .ToList();

    [GeneratedRegex(@"^# TYPE (\S+)", RegexOptions.Multiline)]
    private static partial Regex MetricFamily();
}
