using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// The discovery documents kubectl and client libraries read before anything else. They are always
/// plain JSON: kubectl 1.32 first asks for the aggregated form (apidiscovery.k8s.io/v2) and falls
/// back to these when the response's content type is plain application/json.
/// </summary>
internal static class KubeDiscovery
{
    private static readonly string[] ReadWriteVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-schedext-embedded",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "n/a",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups()
    {
        var groups = KubeResources.All.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).Select(g =>
        {
            var versions = g.Select(r => r.Version).Distinct().Select(v => (JsonNode)GroupVersion(g.Key, v)).ToArray();
            return (JsonNode)new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = versions[0].DeepClone(),
            };
        });
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(groups.ToArray()) };
    }

    public static JsonObject Resources(string group, string version)
    {
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        var entries = new List<JsonNode>();
        foreach (var resource in KubeResources.All.Where(r => r.Group == group && r.Version == version))
        {
            entries.Add(new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = Strings(ReadWriteVerbs),
                ["shortNames"] = Strings(resource.ShortNames),
                ["categories"] = Strings(resource.Categories),
            });
            entries.AddRange(resource.Subresources.Select(sub => Subresource(resource, sub)));
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = new JsonArray(entries.ToArray()) };
    }

    private static JsonObject Subresource(KubeResource resource, string sub)
    {
        var entry = new JsonObject { ["name"] = $"{resource.Plural}/{sub}", ["singularName"] = string.Empty, ["namespaced"] = resource.Namespaced };
        switch (sub)
        {
            case "binding":
                entry["kind"] = "Binding";
                entry["verbs"] = Strings(["create"]);
                break;
            case "eviction":
                entry["group"] = "policy";
                entry["version"] = "v1";
                entry["kind"] = "Eviction";
                entry["verbs"] = Strings(["create"]);
                break;
            default:
                entry["kind"] = resource.Kind;
                entry["verbs"] = Strings(["get", "patch", "update"]);
                break;
        }

        return entry;
    }

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
