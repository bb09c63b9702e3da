using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// The alert rules as deployed: the spec of the PrometheusRule that <c>kubectl kustomize
/// manifests/monitoring</c> renders. A plain Prometheus rule file is that spec, so tests write it
/// from here instead of keeping a second copy.
/// </summary>
internal static class AlertRules
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
}
