namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// Nodes by name, for the extender's nodeCacheCapable mode where kube-scheduler sends names only.
/// Implemented over an informer-style list+watch cache; lookups never do I/O.
/// </summary>
public interface INodeSource
{
    /// <summary>The node, or null when the cache does not know it (yet).</summary>
    NodeInfo? Find(string name);
}
