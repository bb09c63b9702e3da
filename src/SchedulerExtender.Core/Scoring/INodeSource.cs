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
    /// The same lookup by the name's UTF-8 bytes, as kube-scheduler sends them: the extender asks
    /// for thousands of names per call and need not make a string of each. Caches override this to
    /// look up without decoding or allocating.
    /// </summary>
    CachedNode? FindUtf8(ReadOnlySpan<byte> name) => Find(System.Text.Encoding.UTF8.GetString(name));

    /// <summary>
    /// Every name of a call at once, the i-th being <paramref name="utf8Names"/> up to
    /// <c>ends[i]</c> (from <c>ends[i-1]</c>): <c>found[i]</c> is its node or null. Caches override
    /// this to overlap the lookups' memory accesses.
    /// </summary>
    void FindAllUtf8(ReadOnlySpan<byte> utf8Names, ReadOnlySpan<int> ends, Span<CachedNode?> found)
    {
        var start = 0;
        for (var i = 0; i < ends.Length; i++)
        {
            found[i] = FindUtf8(utf8Names[start..ends[i]]);
            start = ends[i];
        }
    }
}
