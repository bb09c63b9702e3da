using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>Minimal objects for the embedded API tests.</summary>
internal static class KubeObjects
{
    public static JsonObject Node(string name, IDictionary<string, string>? labels = null) => new()
    {
        ["metadata"] = Metadata(name, null, labels),
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16Gi" },
        },
    };

    public static JsonObject Pod(string name, string @namespace = "default", IDictionary<string, string>? labels = null, string? nodeName = null, string? phase = null)
    {
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "spark:3.5" }) };
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        var pod = new JsonObject { ["metadata"] = Metadata(name, @namespace, labels), ["spec"] = spec };
        if (phase is not null)
        {
            pod["status"] = new JsonObject { ["phase"] = phase };
        }

        return pod;
    }

    public static JsonObject NodeClaim(string name) => new()
    {
        ["metadata"] = Metadata(name, null, new Dictionary<string, string> { ["karpenter.sh/nodepool"] = "spark" }),
        ["spec"] = new JsonObject { ["nodeClassRef"] = new JsonObject { ["group"] = "karpenter.k8s.alibabacloud", ["kind"] = "ECSNodeClass", ["name"] = "default" } },
    };

    public static JsonObject Namespace(string name) => new() { ["metadata"] = Metadata(name, null, null) };

    public static JsonObject Budget(string name, string @namespace, string selectorApp, JsonNode minAvailable, string field = "minAvailable") => new()
    {
        ["metadata"] = Metadata(name, @namespace, null),
        ["spec"] = new JsonObject
        {
            [field] = minAvailable,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = selectorApp } },
        },
    };

    private static JsonObject Metadata(string name, string? @namespace, IDictionary<string, string>? labels)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        return metadata;
    }
}
