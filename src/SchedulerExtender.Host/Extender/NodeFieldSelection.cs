using System.Text;
using System.Text.Json;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Which node labels, annotations and conditions the parser and the node cache keep. A node
/// carries dozens of labels; the extender reads only a handful (instance type, zone, capacity type,
/// reclaim notice), so keeping just those saves most of a full-mode parse's allocations, and in
/// both modes makes each lookup a scan of a few entries instead of hashing a long key into a large
/// map. Null keeps all (labels, annotations, or condition types).
/// </summary>
public sealed class NodeFieldSelection(IEnumerable<string>? labelKeys, IEnumerable<string>? annotationKeys, IEnumerable<string>? conditionTypes)
{
    public static NodeFieldSelection All { get; } = new(null, null, null);

    /// <summary>What <see cref="NodeFilter"/> and <see cref="NodeScorer"/> read, with this capacity-type label.</summary>
    public static NodeFieldSelection ReadBy(SpotNodeRule spotRule) =>
        new(NodeFieldsRead.LabelKeys(spotRule), NodeFieldsRead.AnnotationKeys, NodeFieldsRead.ConditionTypes);

    internal KeySet? ConditionTypes { get; } = conditionTypes is null ? null : new KeySet(conditionTypes);

    internal KeySet? Labels { get; } = labelKeys is null ? null : new KeySet(labelKeys);

    internal KeySet? Annotations { get; } = annotationKeys is null ? null : new KeySet(annotationKeys);

    /// <summary>A small set of keys matched against a property name without allocating.</summary>
    internal sealed class KeySet(IEnumerable<string> keys)
    {
        private readonly (string Key, byte[] Utf8)[] keys = keys.Distinct(StringComparer.Ordinal).Select(k => (k, Encoding.UTF8.GetBytes(k))).ToArray();

        public int Count => keys.Length;

        /// <summary>The entries of <paramref name="source"/> with one of the keys, in a small map.</summary>
        public IReadOnlyDictionary<string, string> Select(IDictionary<string, string> source)
        {
            var found = new List<KeyValuePair<string, string>>(keys.Length);
            foreach (var (key, _) in keys)
            {
                if (source.TryGetValue(key, out var value))
                {
                    found.Add(KeyValuePair.Create(key, value));
                }
            }

            return new SmallStringMap([.. found]);
        }

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
