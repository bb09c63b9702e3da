using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>Lookups over rendered Kubernetes objects.</summary>
internal static class ManifestQueries
{
    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => (string?)o["kind"] == kind);

    public static JsonObject Single(this IEnumerable<JsonObject> objects, string kind, string name)
    {
        var matches = objects.OfKind(kind).Where(o => (string?)o["metadata"]?["name"] == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one {kind} '{name}', found {matches.Count}.");
    }

    /// <summary>Names made by a configMapGenerator carry a content hash: match on the prefix.</summary>
    public static JsonObject SingleGenerated(this IEnumerable<JsonObject> objects, string kind, string namePrefix)
    {
        var matches = objects.OfKind(kind)
            .Where(o => ((string?)o["metadata"]?["name"])?.StartsWith(namePrefix + "-", StringComparison.Ordinal) == true)
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one {kind} '{namePrefix}-<hash>', found {matches.Count}.");
    }

    public static string Name(this JsonObject o) => (string?)o["metadata"]?["name"] ?? string.Empty;

    public static IEnumerable<string> Strings(this JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? string.Empty) : [];

    public static JsonObject Object(this JsonNode? node, string property) =>
        node?[property] as JsonObject ?? throw new InvalidOperationException($"No object '{property}' in {node?.ToJsonString()}.");
}
