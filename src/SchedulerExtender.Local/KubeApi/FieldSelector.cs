using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A field selector over the fields the scheduler, kubelets and our controllers filter on:
/// metadata.name, metadata.namespace, spec.nodeName and status.phase ("=", "==" or "!=", ANDed),
/// and the Event fields the API server selects on — <c>kubectl describe</c> finds an object's
/// events by involvedObject name, namespace, kind and uid. A missing field reads as "" so
/// "spec.nodeName=" selects unscheduled pods, as in Kubernetes. Each field is accepted on every
/// resource (the API server accepts each on its own resource only).
/// </summary>
public sealed record FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> Terms)
{
    // Selectable field → where it is in the object; an Event's "source" is its source.component.
    private static readonly Dictionary<string, string[]> SupportedFields = new(StringComparer.Ordinal)
    {
        ["metadata.name"] = ["metadata", "name"],
        ["metadata.namespace"] = ["metadata", "namespace"],
        ["spec.nodeName"] = ["spec", "nodeName"],
        ["status.phase"] = ["status", "phase"],
        ["involvedObject.kind"] = ["involvedObject", "kind"],
        ["involvedObject.namespace"] = ["involvedObject", "namespace"],
        ["involvedObject.name"] = ["involvedObject", "name"],
        ["involvedObject.uid"] = ["involvedObject", "uid"],
        ["involvedObject.apiVersion"] = ["involvedObject", "apiVersion"],
        ["involvedObject.resourceVersion"] = ["involvedObject", "resourceVersion"],
        ["involvedObject.fieldPath"] = ["involvedObject", "fieldPath"],
        ["reason"] = ["reason"],
        ["type"] = ["type"],
        ["reportingComponent"] = ["reportingComponent"],
        ["source"] = ["source", "component"],
    };

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
            if (!SupportedFields.ContainsKey(field))
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

    private static string Read(JsonObject obj, string field) => obj.StringAt(SupportedFields[field]) ?? string.Empty;
}
