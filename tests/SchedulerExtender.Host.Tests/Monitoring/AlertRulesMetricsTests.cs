using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// The alert rules read only what the service exports, with the label names it exports: checked
/// against <c>schedext serve --local</c> (provisioner leading, disruption running, the cloud
/// called) after one Spark driver went through the webhook, the extender and a new node.
/// </summary>
public sealed partial class AlertRulesMetricsTests
{
    // What the PodMonitor's scrape adds to every series (the Prometheus Operator's relabelling), and a histogram's le.
    private static readonly string[] ScrapeLabels = ["job", "namespace", "pod", "instance", "container", "endpoint", "le"];

    [Fact]
    public async Task Every_metric_and_label_the_rules_read_is_exported()
    {
        var queried = AlertRules.Alerts().SelectMany(r => PromQl.Families(AlertRules.Expression(r))).Distinct().ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await QuickLocalCluster.StartAsync(new Dictionary<string, string?> { ["Cost:Interval"] = "00:00:00.250" }, timeout.Token);
        using var http = new HttpClient { BaseAddress = cluster.PlainUrl };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(Pods.Driver(app: "alerts").ToJsonString()), "default", cancellationToken: timeout.Token);

        // Until every family the rules read has a series to read its label names from (the driver bound on its new node).
        var text = "";
        Dictionary<string, HashSet<string>> exported = [];
        await Eventually.WithinAsync(async () =>
        {
            text = await http.GetStringAsync("/metrics", timeout.Token);
            exported = LabelNamesByFamily(text);
            return queried.All(exported.ContainsKey);
        }, TimeSpan.FromMinutes(2), timeout.Token, TimeSpan.FromMilliseconds(250));

        queried.Should().NotBeEmpty();
        queried.Should().BeSubsetOf(exported.Keys, text);
        text.Should().Contain("\nschedext_provisioner_leader 1\n", "local mode's only replica leads");
        foreach (var rule in AlertRules.Alerts())
        {
            var expression = AlertRules.Expression(rule);
            foreach (var (family, label) in PromQl.MatchedLabels(expression))
            {
                exported[family].Should().Contain(label, $"{AlertRules.Name(rule)} selects {family} by {label}");
            }

            var labels = PromQl.Families(expression).SelectMany(f => exported[f]).Concat(ScrapeLabels).ToHashSet();
            PromQl.GroupingLabels(expression).Should().BeSubsetOf(labels, $"{AlertRules.Name(rule)} groups by labels its series have");
        }
    }

    /// <summary>Label names seen on the samples of each family (histogram series folded into their family).</summary>
    private static Dictionary<string, HashSet<string>> LabelNamesByFamily(string exposition)
    {
        var families = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match sample in Sample().Matches(exposition))
        {
            var family = PromQl.FamilyOf(sample.Groups[1].Value);
            if (!families.TryGetValue(family, out var labels))
            {
                families[family] = labels = [];
            }

            labels.UnionWith(LabelName().Matches(sample.Groups[2].Value).Select(l => l.Groups[1].Value));
        }

        return families;
    }

    [GeneratedRegex(@"^(schedext_[a-z_]+)(?:\{([^}]*)\})? ", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
