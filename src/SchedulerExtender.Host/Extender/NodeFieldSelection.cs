using System.Text;
using System.Text.Json;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Which node labels and annotations the parser keeps. A full-mode request carries every label of
/// thousands of nodes; the extender reads only a handful (instance type, zone, capacity type,
/// reclaim notice), so keeping just those saves most of the parse's allocations. Null keeps all
/// (labels, annotations, or condition types).
/// </summary>
public sealed class NodeFieldSelection(IEnumerable<string>? labelKeys, IEnumerable<string>? annotationKeys, IEnumerable<string>? conditionTypes)
{
    public static NodeFieldSelection All { get; } = new(null, null, null);

    internal KeySet? ConditionTypes { get; } = conditionTypes is null ? null : new KeySet(conditionTypes);

    internal KeySet? Labels { get; } = labelKeys is null ? null : new KeySet(labelKeys);

    internal KeySet? Annotations { get; } = annotationKeys is null ? null : new KeySet(annotationKeys);

    /// <summary>A small set of keys matched against a property name without allocating.</summary>
    internal sealed class KeySet(IEnumerable<string> keys)
    {
        private readonly (string Key, byte[] Utf8)[] keys = keys.Distinct(StringComparer.Ordinal).Select(k => (k, Encoding.UTF8.GetBytes(k))).ToArray();

        public int Count => keys.Length;

        /// <summary>Whether <paramref name="value"/> is one of the keys.</summary>
        public bool Contains(string value) => Array.Exists(keys, k => k.Key == value);

        /// <summary>The wanted key equal to the current property name or string, or null.</summary>
        public string? Match(ref Utf8JsonReader reader)
        {
            foreach (var (key, utf8) in keys)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return key;
                }
            }

            return null;
        }
    }
}
