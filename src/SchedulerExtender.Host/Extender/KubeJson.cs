using System.Buffers;
using System.Text.Json;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Small forward-only readers for the parts of core/v1 JSON the extender needs. Each starts on
/// the value's first token and leaves the reader on its last token; unknown fields are skipped.
/// </summary>
internal static class KubeJson
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new ExtenderRequestException("request body ends in the middle of the JSON");
        }
    }

    /// <summary>Requires an object (or null, answered with false) at the current token.</summary>
    public static bool StartObject(ref Utf8JsonReader reader, string what)
    {
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw new ExtenderRequestException($"{what} must be a JSON object, found {reader.TokenType}"),
        };
    }

    /// <summary>Requires an array (or null, answered with false) at the current token.</summary>
    public static bool StartArray(ref Utf8JsonReader reader, string what)
    {
        return reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw new ExtenderRequestException($"{what} must be a JSON array, found {reader.TokenType}"),
        };
    }

    /// <summary>Moves to the next property of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads a property's value after its name and skips it.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    /// <summary>A string (or null) value; other kinds are rejected.</summary>
    public static string? String(ref Utf8JsonReader reader, string what) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new ExtenderRequestException($"{what} must be a string, found {reader.TokenType}"),
    };

    /// <summary>
    /// A map of strings (labels, annotations), only the <paramref name="keep"/> keys when given;
    /// entries whose value is not a string are ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StringMap(ref Utf8JsonReader reader, string what, NodeFieldSelection.KeySet? keep, StringPool pool)
    {
        if (!StartObject(ref reader, what))
        {
            return Empty;
        }

        if (keep is not null)
        {
            return SelectedEntries(ref reader, keep, pool);
        }

        Dictionary<string, string>? map = null;
        while (NextProperty(ref reader))
        {
            var key = pool.Get(ref reader);
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.String)
            {
                map ??= new Dictionary<string, string>(StringComparer.Ordinal);
                map[key] = pool.Get(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return map ?? Empty;
    }

    /// <summary>Only the wanted keys, a handful at most, into one small array.</summary>
    private static IReadOnlyDictionary<string, string> SelectedEntries(ref Utf8JsonReader reader, NodeFieldSelection.KeySet keep, StringPool pool)
    {
        var found = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(keep.Count);
        try
        {
            var count = 0;
            while (NextProperty(ref reader))
            {
                var key = keep.Match(ref reader);
                Next(ref reader);
                if (key is null || reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                // A key given twice keeps its last value, as a dictionary would (KeySet hands out one string per key).
                var at = 0;
                while (at < count && !ReferenceEquals(found[at].Key, key))
                {
                    at++;
                }

                found[at] = new(key, pool.Get(ref reader));
                count = Math.Max(count, at + 1);
            }

            return count == 0 ? Empty : new SmallStringMap(found[..count]);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(found, clearArray: true);
        }
    }

    /// <summary>A core/v1 ResourceList; only cpu and memory are kept. Quantities are strings ("500m", "1Gi") or plain numbers.</summary>
    public static ResourceAmounts ResourceList(ref Utf8JsonReader reader, string what)
    {
        if (!StartObject(ref reader, what))
        {
            return ResourceAmounts.Zero;
        }

        long milliCpu = 0, memory = 0;

        // Quantities are decoded on the stack: no string per node for the two values read.
        Span<char> buffer = stackalloc char[64];
        while (NextProperty(ref reader))
        {
            var isCpu = reader.ValueTextEquals("cpu"u8);
            var isMemory = !isCpu && reader.ValueTextEquals("memory"u8);
            Next(ref reader);
            if (!isCpu && !isMemory)
            {
                reader.Skip();
                continue;
            }

            var name = isCpu ? "cpu" : "memory";
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.HasValueSequence || reader.ValueSpan.Length > 64)
            {
                throw new ExtenderRequestException($"{what}.{name} must be a quantity string");
            }

            var text = buffer[..(reader.TokenType == JsonTokenType.String ? reader.CopyString(buffer) : System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, buffer))];
            if (!KubernetesQuantity.TryParse(text, out var value))
            {
                throw new ExtenderRequestException($"{what}.{name} '{text}' is not a Kubernetes quantity");
            }

            if (isCpu)
            {
                milliCpu = KubernetesQuantity.Milli(value);
            }
            else
            {
                memory = KubernetesQuantity.Whole(value);
            }
        }

        return new ResourceAmounts(milliCpu, memory);
    }

    /// <summary>metadata: name, namespace, labels and annotations; the rest is skipped.</summary>
    public static ObjectMeta Metadata(ref Utf8JsonReader reader, NodeFieldSelection selection, StringPool pool)
    {
        string? name = null, ns = null;
        var labels = Empty;
        var annotations = Empty;
        if (StartObject(ref reader, "metadata"))
        {
            while (NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "name"u8))
                {
                    Next(ref reader);
                    name = String(ref reader, "metadata.name");
                }
                else if (JsonNames.Is(ref reader, "namespace"u8))
                {
                    Next(ref reader);
                    ns = String(ref reader, "metadata.namespace");
                }
                else if (JsonNames.Is(ref reader, "labels"u8))
                {
                    Next(ref reader);
                    labels = StringMap(ref reader, "metadata.labels", selection.Labels, pool);
                }
                else if (JsonNames.Is(ref reader, "annotations"u8))
                {
                    Next(ref reader);
                    annotations = StringMap(ref reader, "metadata.annotations", selection.Annotations, pool);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
        }

        return new ObjectMeta(name, ns, labels, annotations);
    }

    internal readonly record struct ObjectMeta(
        string? Name,
        string? Namespace,
        IReadOnlyDictionary<string, string> Labels,
        IReadOnlyDictionary<string, string> Annotations);
}
