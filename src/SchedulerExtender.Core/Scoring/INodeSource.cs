namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// Nodes by name, for the extender's nodeCacheCapable mode where kube-scheduler sends names only.
/// Implemented over an informer-style list+watch cache; lookups never do I/O.
/// </summary>
public interface INodeSource
{
    /// <summary>The node, or null when the cache does not know it (yet).</summary>
    CachedNode? Find(string name);

    /// <summary>
    /// The same lookup by characters: the extender asks for thousands of names per call and need
    /// not make a string of each. Caches keyed by string override this to look up without allocating.
    /// </summary>
    CachedNode? Find(ReadOnlySpan<char> name) => Find(name.ToString());
}
