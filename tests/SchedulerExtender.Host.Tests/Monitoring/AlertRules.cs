using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// The alert rules as deployed: the spec of the PrometheusRule that <c>kubectl kustomize
/// manifests/monitoring</c> renders. A plain Prometheus rule file is that spec, so tests write it
/// from here instead of keeping a second copy.
/// </summary>
internal static partial class AlertRules
{
    public static readonly string UnitTestsPath = Path.Combine(RepositoryLayout.Root, "tests", "SchedulerExtender.Host.Tests", "Monitoring", "alert-rules.test.yaml");

    public static readonly string RunbookPath = Path.Combine(RepositoryLayout.Manifests, "monitoring", "README.md");

    /// <summary>The name <see cref="UnitTestsPath"/> loads its rules from (rule_files).</summary>
    public const string RuleFileName = "schedext.rules.json";

    private static readonly Lazy<JsonObject> LazySpec = new(() =>
        Kustomize.Render(Path.Combine(RepositoryLayout.Manifests, "monitoring")).Single("PrometheusRule", "schedext").Object("spec"));

    /// <summary>A fresh copy of the spec: groups of rules, as a Prometheus rule file holds them.</summary>
    public static JsonObject Spec() => (JsonObject)LazySpec.Value.DeepClone();

    public static IReadOnlyList<JsonObject> Alerts() =>
        Spec()["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).OfType<JsonObject>().Where(r => r["alert"] is not null).ToList();

    public static string Name(JsonObject rule) => (string)rule["alert"]!;

    public static string Expression(JsonObject rule) => (string)rule["expr"]!;

    /// <summary>The metric families an expression reads (histograms through _bucket, _sum and _count).</summary>
    public static IEnumerable<string> Families(string expression) =>
        MetricName().Matches(expression).Select(m => HistogramSuffix().Replace(m.Value, "")).Distinct();

    /// <summary>The label names matched in selectors of our metrics, with the family they select.</summary>
    public static IEnumerable<(string Family, string Label)> MatchedLabels(string expression) =>
        Selector().Matches(expression).SelectMany(s => Matcher().Matches(s.Groups[2].Value)
            .Select(m => (HistogramSuffix().Replace(s.Groups[1].Value, ""), m.Groups[1].Value)));

    /// <summary>The label names of by, without, on, ignoring and group_left/right clauses.</summary>
    public static IEnumerable<string> GroupingLabels(string expression) =>
        Grouping().Matches(expression).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The <c>$labels.NAME</c> an annotation template prints.</summary>
    public static IEnumerable<string> TemplateLabels(string template) => TemplateLabel().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>Writes the rules to <paramref name="folder"/> as a plain rule file (JSON is YAML), optionally without annotations.</summary>
    public static string WriteRuleFile(string folder, bool withAnnotations)
    {
        var spec = Spec();
        if (!withAnnotations)
        {
            foreach (var rule in spec["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).OfType<JsonObject>())
            {
                rule.Remove("annotations");
            }
        }

        var path = Path.Combine(folder, RuleFileName);
        File.WriteAllText(path, spec.ToJsonString());
        return path;
    }

    [GeneratedRegex(@"schedext_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex(@"(schedext_[a-z_]+)\s*\{([^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)")]
    private static partial Regex TemplateLabel();
}
