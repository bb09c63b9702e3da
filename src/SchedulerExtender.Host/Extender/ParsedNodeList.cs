using System.Buffers;
using System.Collections;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The nodes of a full-mode request, in a pooled array: at thousands of nodes a growing
/// <see cref="List{T}"/> would put a fresh Large-Object-Heap array (over 85 KB) on every call.
/// Dispose returns the array (forgetting to only costs garbage).
/// </summary>
public sealed class ParsedNodeList : IReadOnlyList<ParsedNode>, IDisposable
{
    private ParsedNode[] items = [];

    public int Count { get; private set; }

    public ParsedNode this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return items[index];
        }
    }

    internal void Add(ParsedNode node)
    {
        if (Count == items.Length)
        {
            var grown = ArrayPool<ParsedNode>.Shared.Rent(Math.Max(256, items.Length * 2));
            items.AsSpan(0, Count).CopyTo(grown);
            Return();
            items = grown;
        }

        items[Count++] = node;
    }

    public IEnumerator<ParsedNode> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        Return();
        (items, Count) = ([], 0);
    }

    private void Return()
    {
        if (items.Length > 0)
        {
            // Cleared: a pooled array must not keep thousands of parsed nodes alive.
            ArrayPool<ParsedNode>.Shared.Return(items, clearArray: true);
        }
    }
}
