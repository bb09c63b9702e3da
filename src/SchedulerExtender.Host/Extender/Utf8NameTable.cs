using System.Numerics;
using System.Text;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Values by name, looked up by the name's UTF-8 bytes: one writer, any number of lock-free
/// readers. The extender looks up every name of a nodeCacheCapable call (5,000 per call at 5,000
/// nodes); a ConcurrentDictionary keyed by string made each lookup decode the name to characters,
/// hash them and follow four objects (bucket node, key string, entry, node) — about 45 ns of cache
/// misses a name, a third of a filter call. Here the names are hashed as the bytes kube-scheduler
/// sent, and a lookup touches one slot of an open-addressing array and the name's bytes in one
/// contiguous arena.
/// </summary>
/// <remarks>
/// The writer fills a free slot's fields and publishes it by writing its name length last; a reader
/// reads that length first (a slot with length 0 is free: names are never empty). A slot's value is
/// one reference, replaced atomically; a removed name keeps its slot with a null value until the
/// next rebuild. Growing or clearing builds new arrays and swaps them in whole, so a reader keeps a
/// consistent table for as long as it holds one. Writers must not run concurrently.
/// </remarks>
public sealed class Utf8NameTable<TValue>
    where TValue : class
{
    private const int MinimumSlots = 16;

    private volatile Table table = Table.Empty();

    /// <summary>Names with a value (removed names no longer count).</summary>
    public int Count => table.Live;

    /// <summary>The value for the name given as UTF-8, or null. Safe from any thread.</summary>
    public TValue? Find(ReadOnlySpan<byte> utf8Name) => table.Find(utf8Name, Hash(utf8Name));

    /// <summary>
    /// Many names at once, the i-th being <paramref name="utf8Names"/> up to <c>ends[i]</c> (from
    /// <c>ends[i-1]</c>): <c>found[i]</c> is its value or null. Safe from any thread.
    /// </summary>
    public void FindAll(ReadOnlySpan<byte> utf8Names, ReadOnlySpan<int> ends, Span<TValue?> found)
    {
        const int batch = 16;
        var current = table;
        Span<int> hashes = stackalloc int[batch];
        for (var first = 0; first < ends.Length; first += batch)
        {
            var last = Math.Min(first + batch, ends.Length);

            // A batch at a time: hash the names and load their first slots, then those slots' name
            // bytes, then compare. Loads that do not wait on one another overlap their cache
            // misses; one name at a time, each lookup's misses came one after the other.
            for (var i = first; i < last; i++)
            {
                hashes[i - first] = Hash(NameAt(utf8Names, ends, i));
                current.TouchSlot(hashes[i - first]);
            }

            for (var i = first; i < last; i++)
            {
                current.TouchSlotName(hashes[i - first]);
            }

            for (var i = first; i < last; i++)
            {
                found[i] = current.Find(NameAt(utf8Names, ends, i), hashes[i - first]);
            }
        }
    }

    /// <summary>The value for the name, or null. Safe from any thread.</summary>
    public TValue? Find(string name)
    {
        var most = Encoding.UTF8.GetMaxByteCount(name.Length);
        var utf8 = most <= 1024 ? stackalloc byte[most] : new byte[most];
        return Find(utf8[..Encoding.UTF8.GetBytes(name, utf8)]);
    }

    /// <summary>Adds or replaces the name's value. Writer only.</summary>
    public void Set(string name, TValue value)
    {
        var utf8 = Encoding.UTF8.GetBytes(NotEmpty(name));
        var hash = Hash(utf8);
        var current = table;
        if (!current.TryReplace(utf8, hash, value) && !current.TryAdd(utf8, hash, value))
        {
            var grown = current.Rebuilt(extraNames: 1, extraBytes: utf8.Length);
            grown.TryAdd(utf8, hash, value);
            table = grown;
        }
    }

    /// <summary>Takes the name's value away (it is found no more). Writer only.</summary>
    public void Remove(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        table.TryReplace(utf8, Hash(utf8), null);
    }

    /// <summary>Replaces every name and value at once; readers see the old table or the new one. Writer only.</summary>
    public void ReplaceAll(IEnumerable<KeyValuePair<string, TValue>> values)
    {
        var named = values.Select(v => (Utf8: Encoding.UTF8.GetBytes(NotEmpty(v.Key)), v.Value)).ToList();
        var replacement = Table.Sized(named.Count, named.Sum(n => n.Utf8.Length));
        foreach (var (utf8, value) in named)
        {
            var hash = Hash(utf8);
            if (!replacement.TryReplace(utf8, hash, value))
            {
                replacement.TryAdd(utf8, hash, value);
            }
        }

        table = replacement;
    }

    // A slot with a name length of 0 is free, so no name may be empty.
    private static string NotEmpty(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static ReadOnlySpan<byte> NameAt(ReadOnlySpan<byte> utf8Names, ReadOnlySpan<int> ends, int index) =>
        utf8Names[(index == 0 ? 0 : ends[index - 1])..ends[index]];

    // HashCode is seeded per process: names cannot be picked to collide.
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    private struct Slot
    {
        public int Hash;
        public int NameStart;
        public int NameLength;
        public TValue? Value;
    }

    private sealed class Table(Slot[] slots, byte[] names)
    {
        private readonly Slot[] slots = slots;
        private readonly byte[] names = names;
        private readonly int mask = slots.Length - 1;
        private int namesUsed;
        private int slotsUsed;

        public int Live { get; private set; }

        public static Table Empty() => new(new Slot[MinimumSlots], new byte[256]);

        /// <summary>A table for <paramref name="names"/> names of <paramref name="bytes"/> bytes in all, with room to add more before it must grow.</summary>
        public static Table Sized(int names, int bytes) =>
            new(new Slot[BitOperations.RoundUpToPowerOf2((uint)((names * 2) + MinimumSlots))], new byte[Math.Max(256, bytes * 2)]);

        public void TouchSlot(int hash) => _ = Volatile.Read(ref slots[hash & mask].NameLength);

        public void TouchSlotName(int hash)
        {
            ref var slot = ref slots[hash & mask];
            if (Volatile.Read(ref slot.NameLength) != 0)
            {
                _ = names[slot.NameStart];
            }
        }

        public TValue? Find(ReadOnlySpan<byte> utf8, int hash) => SlotOf(utf8, hash) is var i and >= 0 ? slots[i].Value : null;

        /// <summary>Replaces the value of a name already here (null removes it); false when the name has no slot.</summary>
        public bool TryReplace(ReadOnlySpan<byte> utf8, int hash, TValue? value)
        {
            if (SlotOf(utf8, hash) is not (var i and >= 0))
            {
                return false;
            }

            ref var slot = ref slots[i];
            Live += (slot.Value is null ? 0 : -1) + (value is null ? 0 : 1);
            Volatile.Write(ref slot.Value, value);
            return true;
        }

        /// <summary>The index of the name's slot, or -1: linear probing from the hash up to the first free slot.</summary>
        private int SlotOf(ReadOnlySpan<byte> utf8, int hash)
        {
            for (var i = hash & mask; ; i = (i + 1) & mask)
            {
                ref var slot = ref slots[i];
                var length = Volatile.Read(ref slot.NameLength);
                if (length == 0)
                {
                    return -1;
                }

                if (slot.Hash == hash && length == utf8.Length && names.AsSpan(slot.NameStart, length).SequenceEqual(utf8))
                {
                    return i;
                }
            }
        }

        /// <summary>Puts a name not here into a free slot; false when the slots or the name bytes are full.</summary>
        public bool TryAdd(ReadOnlySpan<byte> utf8, int hash, TValue value)
        {
            if ((slotsUsed + 1) * 2 > slots.Length || namesUsed + utf8.Length > names.Length)
            {
                return false;
            }

            var i = hash & mask;
            while (slots[i].NameLength != 0)
            {
                i = (i + 1) & mask;
            }

            utf8.CopyTo(names.AsSpan(namesUsed));
            ref var slot = ref slots[i];
            (slot.Hash, slot.NameStart, slot.Value) = (hash, namesUsed, value);
            Volatile.Write(ref slot.NameLength, utf8.Length); // publishes the slot: written last
            namesUsed += utf8.Length;
            slotsUsed++;
            Live++;
            return true;
        }

        /// <summary>A new table with this one's names that have a value (removed names dropped), and room for more.</summary>
        public Table Rebuilt(int extraNames, int extraBytes)
        {
            var liveBytes = 0;
            foreach (var slot in slots)
            {
                liveBytes += slot.Value is null ? 0 : slot.NameLength;
            }

            var rebuilt = Sized(Live + extraNames, liveBytes + extraBytes);
            foreach (var slot in slots)
            {
                if (slot.Value is not null)
                {
                    rebuilt.TryAdd(names.AsSpan(slot.NameStart, slot.NameLength), slot.Hash, slot.Value);
                }
            }

            return rebuilt;
        }
    }
}
