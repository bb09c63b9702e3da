using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table) for kubectl: the columns kubectl shows for pods and
/// nodes, Karpenter's printer columns for its CRDs, and Name/Age for everything else. Wide output
/// (-o wide) adds the priority-1 columns.
/// </summary>
internal static class KubeTables
{
    private sealed record Column(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);

    private static readonly Column NameColumn = new("Name", "string", 0, (o, _) => o.Name());
    private static readonly Column AgeColumn = new("Age", "string", 0, (o, now) => Age(o, now));

    /// <summary>True when the Accept header asks for a Table (kubectl get does).</summary>
    public static bool Requested(string? accept) => accept?.Contains("as=Table", StringComparison.Ordinal) == true;

    public static JsonObject Build(KubeResource resource, IEnumerable<JsonObject> items, long resourceVersion, string? continueToken, string? includeObject, DateTimeOffset now)
    {
        var columns = ColumnsOf(resource);
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        var rows = items.Select(item =>
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(item, now)).ToArray()) };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => item.DeepClone(),
                _ => new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = item["metadata"]?.DeepClone() },
            };
            return (JsonNode)row;
        });
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c == NameColumn ? "name" : string.Empty,
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = new JsonArray(rows.ToArray()),
        };
    }

    private static Column[] ColumnsOf(KubeResource resource)
    {
        if (resource == KubeResources.Pods)
        {
            return
            [
                NameColumn,
                new("Ready", "string", 0, (o, _) => $"{ContainerStatuses(o).Count(c => c["ready"]?.GetValue<bool>() == true)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
                new("Status", "string", 0, (o, _) => o.IsBeingDeleted() ? "Terminating" : o.StringAt("status", "reason") ?? o.StringAt("status", "phase") ?? "Unknown"),
                new("Restarts", "integer", 0, (o, _) => ContainerStatuses(o).Sum(c => c.LongAt("restartCount") ?? 0)),
                AgeColumn,
                new("IP", "string", 1, (o, _) => o.StringAt("status", "podIP") ?? "<none>"),
                new("Node", "string", 1, (o, _) => o.StringAt("spec", "nodeName") ?? "<none>"),
            ];
        }

        if (resource == KubeResources.Nodes)
        {
            return
            [
                NameColumn,
                new("Status", "string", 0, (o, _) => NodeStatus(o)),
                new("Roles", "string", 0, (o, _) => Roles(o)),
                AgeColumn,
                new("Version", "string", 0, (o, _) => o.StringAt("status", "nodeInfo", "kubeletVersion") ?? string.Empty),
                new("Internal-IP", "string", 1, (o, _) => InternalIp(o)),
            ];
        }

        if (resource == KubeResources.NodeClaims)
        {
            return
            [
                NameColumn,
                new("Type", "string", 0, (o, _) => Label(o, "node.kubernetes.io/instance-type")),
                new("Capacity", "string", 0, (o, _) => Label(o, "karpenter.sh/capacity-type")),
                new("Zone", "string", 0, (o, _) => Label(o, "topology.kubernetes.io/zone")),
                new("Node", "string", 0, (o, _) => o.StringAt("status", "nodeName")),
                new("Ready", "string", 0, (o, _) => Condition(o, "Ready")),
                AgeColumn,
                new("ID", "string", 1, (o, _) => o.StringAt("status", "providerID")),
                new("NodePool", "string", 1, (o, _) => Label(o, "karpenter.sh/nodepool")),
                new("NodeClass", "string", 1, (o, _) => o.StringAt("spec", "nodeClassRef", "name")),
            ];
        }

        if (resource == KubeResources.NodePools)
        {
            return
            [
                NameColumn,
                new("NodeClass", "string", 0, (o, _) => (o["spec"]?["template"]?["spec"]?["nodeClassRef"] as JsonObject)?.StringAt("name")),
                new("Nodes", "string", 0, (o, _) => (o["status"]?["resources"] as JsonObject)?.StringAt("nodes")),
                new("Ready", "string", 0, (o, _) => Condition(o, "Ready")),
                AgeColumn,
                new("Weight", "integer", 1, (o, _) => o.LongAt("spec", "weight")),
            ];
        }

        return resource == KubeResources.EcsNodeClasses
            ? [NameColumn, new("Ready", "string", 0, (o, _) => Condition(o, "Ready")), AgeColumn]
            : [NameColumn, AgeColumn];
    }

    private static IEnumerable<JsonObject> ContainerStatuses(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>();

    private static string? Label(JsonObject obj, string key) => obj.Labels().TryGetValue(key, out var value) ? value : null;

    private static string? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type)?.StringAt("status");

    private static string NodeStatus(JsonObject node)
    {
        var status = Condition(node, "Ready") switch { "True" => "Ready", null => "Unknown", _ => "NotReady" };
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }

    private static string Roles(JsonObject node)
    {
        const string prefix = "node-role.kubernetes.io/";
        var roles = node.Labels().Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string InternalIp(JsonObject node) =>
        (node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => a.StringAt("type") == "InternalIP")?.StringAt("address") ?? "<none>";

    private static string Age(JsonObject obj, DateTimeOffset now) =>
        DateTimeOffset.TryParse(obj.StringAt("metadata", "creationTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created)
            ? HumanDuration(now - created)
            : "<unknown>";

    /// <summary>kubectl's compact age: 45s, 3m20s, 5h, 2d3h, 400d …</summary>
    internal static string HumanDuration(TimeSpan age)
    {
        var seconds = (long)Math.Max(0, age.TotalSeconds);
        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        return seconds switch
        {
            < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 24 * 8 => hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h",
            _ when days < 365 * 2 => $"{days}d",
            _ when days < 365 * 8 => days % 365 == 0 ? $"{days / 365}y" : $"{days / 365}y{days % 365}d",
            _ => $"{days / 365}y",
        };
    }
}
