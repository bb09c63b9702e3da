using System.Buffers;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The names a nodeCacheCapable filter call passed, with the cached nodes it found for them, kept
/// for the prioritize call that follows. In one scheduling cycle kube-scheduler sends prioritize
/// exactly the names the extender's filter answered, in the same order (its HTTP extender keeps
/// the filter's answer as the feasible list), so the nodes need not be looked up a second time:
/// comparing the names' bytes costs a few microseconds where 5,000 lookups cost a tenth of a
/// millisecond. The nodes are those of the filter call, a millisecond earlier — as kube-scheduler
/// itself judges a whole cycle by the snapshot it took at its start. Buffers are pooled; Dispose
/// returns them.
/// </summary>
public sealed class PassedNodes : IDisposable
{
    private byte[] names;
    private int[] ends;
    private CachedNode?[] nodes;
    private int count;
    private int length;

    private PassedNodes(byte[] names, int length, int[] ends, CachedNode?[] nodes, int count) =>
        (this.names, this.length, this.ends, this.nodes, this.count) = (names, length, ends, nodes, count);

    /// <summary>The names at <paramref name="passing"/> (indices into <paramref name="asked"/>, in order), with the nodes found for every asked name.</summary>
    public static PassedNodes Of(NodeNameList asked, ReadOnlySpan<int> passing, ReadOnlySpan<CachedNode?> found)
    {
        var names = ArrayPool<byte>.Shared.Rent(Math.Max(asked.AllUtf8.Length, 1));
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(passing.Length, 1));
        var nodes = ArrayPool<CachedNode?>.Shared.Rent(Math.Max(passing.Length, 1));
        var length = 0;
        var askedEnds = asked.Ends;
        for (var first = 0; first < passing.Length;)
        {
            // Passed names mostly come in runs of neighbours: copied a run at a time.
            var last = first;
            while (last + 1 < passing.Length && passing[last + 1] == passing[last] + 1)
            {
                last++;
            }

            var runStart = passing[first] == 0 ? 0 : askedEnds[passing[first] - 1];
            var runEnd = askedEnds[passing[last]];
            asked.AllUtf8[runStart..runEnd].CopyTo(names.AsSpan(length));
            for (var i = first; i <= last; i++)
            {
                ends[i] = askedEnds[passing[i]] - runStart + length;
            }

            found[passing[first]..(passing[last] + 1)].CopyTo(nodes.AsSpan(first));
            length += runEnd - runStart;
            first = last + 1;
        }

        return new PassedNodes(names, length, ends, nodes, passing.Length);
    }

    /// <summary>
    /// When <paramref name="asked"/> are exactly the passed names (same bytes, same split, same
    /// order), copies their nodes into <paramref name="destination"/> and answers true.
    /// </summary>
    public bool TryCopyTo(NodeNameList asked, Span<CachedNode?> destination)
    {
        if (asked.Count != count
            || !asked.Ends.SequenceEqual(ends.AsSpan(0, count))
            || !asked.AllUtf8.SequenceEqual(names.AsSpan(0, length)))
        {
            return false;
        }

        nodes.AsSpan(0, count).CopyTo(destination);
        return true;
    }

    public void Dispose()
    {
        (var returnedNames, var returnedEnds, var returnedNodes) = (names, ends, nodes);
        (names, ends, nodes, count, length) = ([], [], [], 0, 0);
        if (returnedNames.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(returnedNames);
            ArrayPool<int>.Shared.Return(returnedEnds);
            ArrayPool<CachedNode?>.Shared.Return(returnedNodes, clearArray: true);
        }
    }
}
