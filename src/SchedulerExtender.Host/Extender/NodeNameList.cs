using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// <c>ExtenderArgs.NodeNames</c> as unescaped UTF-8 in one pooled buffer. In nodeCacheCapable mode
/// kube-scheduler sends thousands of names per call; a string each would be the call's main garbage.
/// The hot path looks names up and writes them back as UTF-8 (<see cref="Utf8"/>); the indexer
/// makes a string, for everything else.
/// Dispose returns the buffers to the pool (forgetting to only costs garbage).
/// </summary>
public sealed class NodeNameList : IReadOnlyList<string>, IDisposable
{
    /// <summary>
    /// Bytes JSON never escapes and <c>JavaScriptEncoder.UnsafeRelaxedJsonEscaping</c> writes
    /// unchanged. Kubernetes node names (DNS subdomains) use only these; '_' is there for names that
    /// are not Kubernetes' but are still safe to copy.
    /// </summary>
    private static readonly SearchValues<byte> PlainBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._"u8);

    private byte[] bytes = [];
    private int[] ends = [];
    private int length;

    public static NodeNameList Empty => new();

    public int Count { get; private set; }

    /// <summary>
    /// True when every name is plain (ASCII letters, digits, '-', '.', '_'), so its UTF-8 bytes are
    /// already its JSON string content: the answer writer copies them between quotes instead of
    /// letting Utf8JsonWriter validate and scan each name for characters to escape (NodeNames
    /// prioritize at 5,000 names: CPU p50 -7%). Learnt once per name as it is added; an empty list is plain.
    /// </summary>
    public bool AllPlain { get; private set; } = true;

    public string this[int index] => Encoding.UTF8.GetString(Utf8(index));

    /// <summary>The name's UTF-8 bytes, unescaped.</summary>
    public ReadOnlySpan<byte> Utf8(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        var start = index == 0 ? 0 : ends[index - 1];
        return bytes.AsSpan(start, ends[index] - start);
    }

    /// <summary>Every name's UTF-8 bytes, one after another; name i ends at <c>Ends[i]</c>.</summary>
    public ReadOnlySpan<byte> AllUtf8 => bytes.AsSpan(0, length);

    /// <summary>Where each name ends in <see cref="AllUtf8"/>.</summary>
    public ReadOnlySpan<int> Ends => ends.AsSpan(0, Count);

    /// <summary>Appends the current String token, unescaped (invalid UTF-8 throws as GetString does).</summary>
    internal void Add(ref Utf8JsonReader reader)
    {
        var maximum = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Grow(ref bytes, length + maximum);
        Grow(ref ends, Count + 1);
        var start = length;
        length += reader.CopyString(bytes.AsSpan(length));
        ends[Count++] = length;

        // Once one name is not plain the answer takes the escaping path anyway: stop checking.
        AllPlain = AllPlain && !bytes.AsSpan(start, length - start).ContainsAnyExcept(PlainBytes);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        (var returnedBytes, var returnedEnds) = (bytes, ends);
        (bytes, ends, length, Count, AllPlain) = ([], [], 0, 0, true);
        if (returnedBytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(returnedBytes);
        }

        if (returnedEnds.Length > 0)
        {
            ArrayPool<int>.Shared.Return(returnedEnds);
        }
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var grown = ArrayPool<T>.Shared.Rent(Math.Max(needed, Math.Max(array.Length * 2, 1024)));
        array.AsSpan().CopyTo(grown);
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        array = grown;
    }
}
