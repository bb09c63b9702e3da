using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A field selector over the fields the scheduler, kubelets and our controllers filter on:
/// metadata.name, metadata.namespace, spec.nodeName and status.phase ("=", "==" or "!=", ANDed).
/// A missing field reads as "" so "spec.nodeName=" selects unscheduled pods, as in Kubernetes.
/// </summary>
public sealed record FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> Terms)
{
    private static readonly string[] SupportedFields = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"];

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = text.Split(',').Select(part =>
        {
            var (at, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0
                ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true) : (part.IndexOf('=', StringComparison.Ordinal), 1, true);
            if (at <= 0)
            {
                throw new FormatException($"invalid field selector term \"{part}\": expected field=value or field!=value");
            }

            var field = part[..at].Trim();
            if (!SupportedFields.Contains(field))
            {
                throw new FormatException($"field label not supported: {field}");
            }

            return (field, equal, part[(at + length)..].Trim());
        });
        return new FieldSelector(terms.ToArray());
    }

    /// <summary>The name this selector pins with "metadata.name=", or null.</summary>
    public string? PinnedName => Terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public bool Matches(JsonObject obj) =>
        Terms.All(t => (Read(obj, t.Field) == t.Value) == t.Equal);

    private static string Read(JsonObject obj, string field)
    {
        var parts = field.Split('.');
        return obj.StringAt(parts[0], parts[1]) ?? string.Empty;
    }
}
