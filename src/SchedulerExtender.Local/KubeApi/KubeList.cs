using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>The result of a list: the items, the resourceVersion they are current at, and a continue token when limited.</summary>
public sealed record KubeList(KubeResource Resource, IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue)
{
    public JsonObject ToJson()
    {
        var metadata = new JsonObject { ["resourceVersion"] = ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (Continue is not null)
        {
            metadata["continue"] = Continue;
        }

        return new JsonObject
        {
            ["kind"] = Resource.ListKind,
            ["apiVersion"] = Resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(Items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
        };
    }
}
