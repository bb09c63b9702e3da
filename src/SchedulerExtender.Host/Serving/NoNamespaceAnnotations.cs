using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Host.Serving;

/// <summary>Used when no Kubernetes API is connected: namespaces carry no policy, so pod annotations and the global setting decide.</summary>
public sealed class NoNamespaceAnnotations : INamespaceAnnotations
{
    public string? Get(string @namespace, string key) => null;
}
