namespace SchedulerExtender.Core.Placement;

/// <summary>
/// Read access to namespace annotations (per-namespace policy overrides for the webhook). Implemented
/// in the Kubernetes adapter by a list+watch cache, so a call is an in-memory lookup.
/// </summary>
public interface INamespaceAnnotations
{
    /// <summary>The annotation's value, or null when the namespace or the annotation is unknown.</summary>
    string? Get(string @namespace, string key);
}
