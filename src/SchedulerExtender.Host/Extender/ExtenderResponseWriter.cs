using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Writes extender answers in kube-scheduler's wire format: PascalCase Go field names, every field
/// present as Go's encoding/json writes them (absent list = null). Passing nodes are copied from the
/// request body byte for byte.
/// </summary>
public static class ExtenderResponseWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Only what JSON requires is escaped, so reasons stay readable ("label a=b", quotes).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary><c>ExtenderFilterResult</c> for full mode: the passing nodes (by index into the request's) as a NodeList.</summary>
    public static void FilterResult(IBufferWriter<byte> output, ReadOnlySpan<byte> body, IReadOnlyList<ParsedNode> nodes, ReadOnlySpan<int> passing, IReadOnlyList<NodeRejection> rejections)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteStartObject("Nodes"u8);
        writer.WriteStartObject("metadata"u8);
        writer.WriteEndObject();
        writer.WriteStartArray("items"u8);
        foreach (var index in passing)
        {
            var node = nodes[index];
            writer.WriteRawValue(body.Slice(node.Start, node.Length), skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("NodeNames"u8);
        Failures(writer, rejections, null, []);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>ExtenderFilterResult</c> for nodeCacheCapable mode: the passing names, by index into the
    /// request's; <paramref name="rejectedAt"/> holds each rejection's index, so that its name is
    /// written from the request's bytes.
    /// </summary>
    public static void FilterResult(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> passing, IReadOnlyList<NodeRejection> rejections, ReadOnlySpan<int> rejectedAt)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(rejectedAt.Length, rejections.Count, nameof(rejectedAt));
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteNull("Nodes"u8);
        writer.WriteStartArray("NodeNames"u8);
        if (names.AllPlain)
        {
            // The writer sees an empty array: what it buffered so far is flushed to the output, the
            // names are copied straight after it, and WriteEndArray closes the array as it would an
            // empty one — its state (no separator due, inside an object) stays right for the maps.
            writer.Flush();
            WritePlainNames(output, names, passing);
        }
        else
        {
            foreach (var index in passing)
            {
                writer.WriteStringValue(names.Utf8(index));
            }
        }

        writer.WriteEndArray();
        Failures(writer, rejections, names, rejectedAt);
        writer.WriteEndObject();
    }

    /// <summary><c>HostPriorityList</c> for nodeCacheCapable mode: <c>[{"Host":…,"Score":…}]</c>, one per requested name.</summary>
    public static void PriorityList(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> scores)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartArray();
        if (names.AllPlain)
        {
            // As in FilterResult: the objects go straight to the output inside an array the writer
            // opened, flushed and closes as an empty one.
            writer.Flush();
            WritePlainPriorities(output, names, scores);
        }
        else
        {
            for (var i = 0; i < names.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("Host"u8, names.Utf8(i));
                writer.WriteNumber("Score"u8, scores[i]);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary><c>HostPriorityList</c> for full mode: one per node of the request.</summary>
    public static void PriorityList(IBufferWriter<byte> output, IReadOnlyList<ParsedNode> nodes, ReadOnlySpan<int> scores)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("Host"u8, nodes[i].Info.Name);
            writer.WriteNumber("Score"u8, scores[i]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// <c>ExtenderPreemptionResult</c>: <c>{"NodeNameToMetaVictims":{node:{"Pods":[{"UID":…}],"NumPDBViolations":n}}}</c>,
    /// nodes in ordinal order as Go's encoding/json writes a map. kube-scheduler reads only this
    /// map whatever mode it sent, and looks every UID up among the node's pods.
    /// </summary>
    public static void PreemptionResult(IBufferWriter<byte> output, IEnumerable<PreemptionCandidate> kept)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteStartObject("NodeNameToMetaVictims"u8);
        foreach (var candidate in kept.OrderBy(c => c.Node, StringComparer.Ordinal))
        {
            writer.WriteStartObject(candidate.Node);
            writer.WriteStartArray("Pods"u8);
            foreach (var uid in candidate.VictimUids)
            {
                writer.WriteStartObject();
                writer.WriteString("UID"u8, uid);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("NumPDBViolations"u8, candidate.NumPdbViolations);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>"a","b",…</c> for names known to be plain (<see cref="NodeNameList.AllPlain"/>): their bytes
    /// are the JSON string's content as Utf8JsonWriter would write it, so they are copied unchecked.
    /// </summary>
    private static void WritePlainNames(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> passing)
    {
        for (var i = 0; i < passing.Length; i++)
        {
            var name = names.Utf8(passing[i]);
            var span = output.GetSpan(name.Length + 3); // a comma, two quotes
            var written = 0;
            if (i > 0)
            {
                span[written++] = (byte)',';
            }

            span[written++] = (byte)'"';
            name.CopyTo(span[written..]);
            written += name.Length;
            span[written++] = (byte)'"';
            output.Advance(written);
        }
    }

    /// <summary><c>{"Host":"a","Score":7},…</c> for plain names, bytes as Utf8JsonWriter writes them.</summary>
    private static void WritePlainPriorities(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> scores)
    {
        ReadOnlySpan<byte> host = "{\"Host\":\""u8;
        ReadOnlySpan<byte> score = "\",\"Score\":"u8;
        const int MaxIntDigits = 11; // "-2147483648"
        for (var i = 0; i < names.Count; i++)
        {
            var name = names.Utf8(i);
            var span = output.GetSpan(1 + host.Length + name.Length + score.Length + MaxIntDigits + 1);
            var written = 0;
            if (i > 0)
            {
                span[written++] = (byte)',';
            }

            host.CopyTo(span[written..]);
            written += host.Length;
            name.CopyTo(span[written..]);
            written += name.Length;
            score.CopyTo(span[written..]);
            written += score.Length;

            // Utf8JsonWriter.WriteNumber formats an int the same way (Utf8Formatter, invariant, no padding).
            Utf8Formatter.TryFormat(scores[i], span[written..], out var digits);
            written += digits;
            span[written++] = (byte)'}';
            output.Advance(written);
        }
    }

    /// <summary>
    /// Each rejection goes to exactly one map. Those preemption cannot fix — all but a node missing
    /// from our cache — go to FailedAndUnresolvableNodes, so the scheduler does not evict pods from
    /// them in vain; the rest to FailedNodes. kube-scheduler reads both and shows
    /// either's reason in the pod's events, so writing a node in both, as this did before, only
    /// doubled the answer: for an executor under policy <c>spot</c> at 5,000 nodes, 2,000 on-demand
    /// nodes' reasons made up most of the bytes on the wire.
    /// </summary>
    private static void Failures(Utf8JsonWriter writer, IReadOnlyList<NodeRejection> rejections, NodeNameList? names, ReadOnlySpan<int> rejectedAt)
    {
        var messages = new EncodedMessages();
        FailureMap(writer, "FailedNodes"u8, rejections, unresolvable: false, names, rejectedAt, messages);
        FailureMap(writer, "FailedAndUnresolvableNodes"u8, rejections, unresolvable: true, names, rejectedAt, messages);
        writer.WriteString("Error"u8, "");
    }

    /// <param name="names">The request's names, which <paramref name="rejectedAt"/> indexes; null: names from the rejections.</param>
    private static void FailureMap(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<NodeRejection> rejections, bool unresolvable,
        NodeNameList? names, ReadOnlySpan<int> rejectedAt, EncodedMessages messages)
    {
        writer.WriteStartObject(name);
        for (var i = 0; i < rejections.Count; i++)
        {
            var rejection = rejections[i];
            if ((rejection.Failure != FilterFailure.UnknownNode) != unresolvable)
            {
                continue;
            }

            if (names is null)
            {
                writer.WriteString(rejection.Node, messages.Of(rejection.Message));
            }
            else
            {
                writer.WriteString(names.Utf8(rejectedAt[i]), messages.Of(rejection.Message));
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Rejection messages as JSON, each encoded once per answer: the filter hands out one string
    /// per reason, so thousands of nodes failing alike share one encoding, where writing each from
    /// its characters cost a tenth of a NodeNames filter call at 5,000 nodes. The last few
    /// messages are kept, found by reference, as reasons interleave (a few disrupted nodes among
    /// many on-demand ones); a message of its own (a reclaim time) is encoded each time it comes.
    /// </summary>
    private sealed class EncodedMessages
    {
        private const int Kept = 4;
        private readonly string?[] messages = new string?[Kept];
        private readonly JsonEncodedText[] encoded = new JsonEncodedText[Kept];
        private int next;

        public JsonEncodedText Of(string message)
        {
            for (var i = 0; i < Kept; i++)
            {
                if (ReferenceEquals(messages[i], message))
                {
                    return encoded[i];
                }
            }

            var slot = next;
            next = (next + 1) % Kept;
            (messages[slot], encoded[slot]) = (message, JsonEncodedText.Encode(message, Options.Encoder));
            return encoded[slot];
        }
    }
}
