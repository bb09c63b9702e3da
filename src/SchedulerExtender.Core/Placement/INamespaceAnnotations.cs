namespace SchedulerExtender.Core.Placement;

/// <summary>Annotations of namespaces, read from a cache (never a call per admission).</summary>
public interface INamespaceAnnotations
{
    /// <summary>The annotation's value, or null when the namespace or the annotation is unknown.</summary>
    string? Get(string @namespace, string key);
}
