using System.Text.Json;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Checks a 200 answer of the extender against the request: kube-scheduler's wire format
/// (ExtenderFilterResult, HostPriorityList with scores 0..10, ExtenderPreemptionResult) and exactly
/// the nodes asked about, each either passing or failed (in exactly one of the two failure maps),
/// each scored once; preemption keeps only candidates it was sent.
/// </summary>
internal static class ExtenderAnswers
{
    private static readonly JsonDocumentOptions Lenient = new() { MaxDepth = 1024 };

    /// <summary>What is wrong with a 200 answer, or null: kube-scheduler's shapes, and exactly the nodes asked about.</summary>
    public static string? Check(string path, byte[] request, string answer)
    {
        try
        {
            return CheckShape(path, request, answer);
        }
        catch (JsonException e)
        {
            return $"a 200 to a body or with an answer that is not JSON ({e.Message}): {answer[..Math.Min(answer.Length, 200)]}";
        }
    }

    private static string? CheckShape(string path, byte[] request, string answer)
    {
        using var sent = JsonDocument.Parse(request, Lenient);
        using var got = JsonDocument.Parse(answer, Lenient);
        var root = got.RootElement;
        var fullMode = sent.RootElement.TryGetProperty("Nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Object;
        var asked = fullMode ? NamesOf(nodes, full: true)
            : sent.RootElement.TryGetProperty("NodeNames", out var names) ? NamesOf(names, full: false) : null;
        if (path.EndsWith("/preempt", StringComparison.Ordinal))
        {
            return CheckPreemption(sent.RootElement, root);
        }

        if (path.EndsWith("/prioritize", StringComparison.Ordinal))
        {
            if (root.ValueKind != JsonValueKind.Array
                || root.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("Host", out var h) || h.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("Score", out var s) || !s.TryGetInt64(out var score) || score is < 0 or > 10))
            {
                return "prioritize answer is not a HostPriorityList with scores 0..10";
            }

            var hosts = root.EnumerateArray().Select(e => e.GetProperty("Host").GetString()!).ToList();
            return asked is null || hosts.SequenceEqual(asked) ? null : $"scored [{string.Join(',', hosts)}], asked [{string.Join(',', asked)}]";
        }

        if (root.ValueKind != JsonValueKind.Object || !IsStringMap(root, "FailedNodes") || !IsStringMap(root, "FailedAndUnresolvableNodes")
            || !root.TryGetProperty("Error", out var error) || error.GetString() != "")
        {
            return "filter answer lacks FailedNodes / FailedAndUnresolvableNodes / Error";
        }

        var unresolvable = root.GetProperty("FailedAndUnresolvableNodes").EnumerateObject().Select(p => p.Name).ToList();
        var failed = root.GetProperty("FailedNodes").EnumerateObject().Select(p => p.Name).ToList();
        if (failed.Intersect(unresolvable, StringComparer.Ordinal).FirstOrDefault() is { } twice)
        {
            return $"{twice} is in both FailedNodes and FailedAndUnresolvableNodes";
        }

        failed.AddRange(unresolvable);

        List<string>? passing = fullMode
            ? root.TryGetProperty("Nodes", out var items) && items.ValueKind == JsonValueKind.Object ? NamesOf(items, full: true) : null
            : root.TryGetProperty("NodeNames", out var passingNames) && passingNames.ValueKind == JsonValueKind.Array ? NamesOf(passingNames, full: false) : null;
        if (passing is null)
        {
            return $"filter answer has no passing {(fullMode ? "Nodes.items" : "NodeNames")}";
        }

        return asked is null || passing.Concat(failed).Order(StringComparer.Ordinal).SequenceEqual(asked.Order(StringComparer.Ordinal))
            ? null
            : $"passing [{string.Join(',', passing)}] + failed [{string.Join(',', failed)}] are not the nodes asked about [{string.Join(',', asked)}]";
    }

    /// <summary>An ExtenderPreemptionResult whose nodes are among the candidates sent, each with UIDs and a PDB count.</summary>
    private static string? CheckPreemption(JsonElement sent, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("NodeNameToMetaVictims", out var kept) || kept.ValueKind != JsonValueKind.Object)
        {
            return "preempt answer is not an ExtenderPreemptionResult";
        }

        foreach (var node in kept.EnumerateObject())
        {
            var victims = node.Value;
            if (victims.ValueKind != JsonValueKind.Object
                || !victims.TryGetProperty("Pods", out var pods) || pods.ValueKind != JsonValueKind.Array
                || pods.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("UID", out var uid) || uid.ValueKind != JsonValueKind.String)
                || !victims.TryGetProperty("NumPDBViolations", out var count) || !count.TryGetInt64(out var violations) || violations < 0)
            {
                return $"preempt answer for {node.Name} is not MetaVictims";
            }
        }

        // The candidates as sent (either map); when a mutation hid them, only the shape is checked.
        var asked = new[] { "NodeNameToMetaVictims", "NodeNameToVictims" }
            .SelectMany(m => sent.ValueKind == JsonValueKind.Object && sent.TryGetProperty(m, out var map) && map.ValueKind == JsonValueKind.Object ? map.EnumerateObject().Select(p => p.Name) : [])
            .ToHashSet(StringComparer.Ordinal);
        var unasked = kept.EnumerateObject().Select(p => p.Name).Where(n => !asked.Contains(n)).ToList();
        return asked.Count == 0 || unasked.Count == 0 ? null : $"preempt answer names nodes not sent: [{string.Join(',', unasked)}]";
    }

    private static bool IsStringMap(JsonElement root, string property) =>
        root.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object
        && map.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String);

    // Names as the request gave them; null when they cannot be read (the server answered anyway, so only the shape is checked).
    private static List<string>? NamesOf(JsonElement element, bool full)
    {
        try
        {
            if (full)
            {
                return element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                    ? [.. items.EnumerateArray().Select(n => n.GetProperty("metadata").GetProperty("name").GetString()!)]
                    : null;
            }

            return element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(n => n.GetString()!)] : null;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }
}
