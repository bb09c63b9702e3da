using System.Buffers;
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
        Failures(writer, rejections);
        writer.WriteEndObject();
    }

    /// <summary><c>ExtenderFilterResult</c> for nodeCacheCapable mode: the passing names, by index into the request's.</summary>
    public static void FilterResult(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> passing, IReadOnlyList<NodeRejection> rejections)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteNull("Nodes"u8);
        writer.WriteStartArray("NodeNames"u8);
        foreach (var index in passing)
        {
            writer.WriteStringValue(names.Utf8(index));
        }

        writer.WriteEndArray();
        Failures(writer, rejections);
        writer.WriteEndObject();
    }

    /// <summary><c>HostPriorityList</c> for nodeCacheCapable mode: <c>[{"Host":…,"Score":…}]</c>, one per requested name.</summary>
    public static void PriorityList(IBufferWriter<byte> output, NodeNameList names, ReadOnlySpan<int> scores)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartArray();
        for (var i = 0; i < names.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("Host"u8, names.Utf8(i));
            writer.WriteNumber("Score"u8, scores[i]);
            writer.WriteEndObject();
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
    /// Each rejection goes to exactly one map. Those preemption cannot fix — all but a node missing
    /// from our cache — go to FailedAndUnresolvableNodes, so the scheduler does not evict pods from
    /// them in vain; the rest to FailedNodes. kube-scheduler reads both and shows
    /// either's reason in the pod's events, so writing a node in both, as this did before, only
    /// doubled the answer: for an executor under policy <c>spot</c> at 5,000 nodes, 2,000 on-demand
    /// nodes' reasons made up most of the bytes on the wire.
    /// </summary>
    private static void Failures(Utf8JsonWriter writer, IReadOnlyList<NodeRejection> rejections)
    {
        FailureMap(writer, "FailedNodes"u8, rejections, unresolvable: false);
        FailureMap(writer, "FailedAndUnresolvableNodes"u8, rejections, unresolvable: true);
        writer.WriteString("Error"u8, "");
    }

    private static void FailureMap(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<NodeRejection> rejections, bool unresolvable)
    {
        writer.WriteStartObject(name);
        foreach (var rejection in rejections)
        {
            if ((rejection.Failure != FilterFailure.UnknownNode) == unresolvable)
            {
                writer.WriteString(rejection.Node, rejection.Message);
            }
        }

        writer.WriteEndObject();
    }
}
