using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// A read-only map of a few strings (the handful of node labels the extender keeps), searched
/// linearly. A full-mode request carries thousands of nodes; a <see cref="Dictionary{TKey,TValue}"/>
/// each (object, buckets, entries, a resize or two) was most of the parse's garbage.
/// </summary>
internal sealed class SmallStringMap(KeyValuePair<string, string>[] entries) : IReadOnlyDictionary<string, string>
{
    public int Count => entries.Length;

    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    public IEnumerable<string> Values => entries.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
