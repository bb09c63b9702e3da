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

    /// <summary><c>ExtenderFilterResult</c> for full mode: the passing nodes as a NodeList.</summary>
    public static void FilterResult(IBufferWriter<byte> output, ReadOnlySpan<byte> body, IReadOnlyList<ParsedNode> passing, IReadOnlyList<NodeRejection> rejections)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteStartObject("Nodes"u8);
        writer.WriteStartObject("metadata"u8);
        writer.WriteEndObject();
        writer.WriteStartArray("items"u8);
        foreach (var node in passing)
        {
            writer.WriteRawValue(body.Slice(node.Start, node.Length), skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("NodeNames"u8);
        Failures(writer, rejections);
        writer.WriteEndObject();
    }

    /// <summary><c>ExtenderFilterResult</c> for nodeCacheCapable mode: the passing names.</summary>
    public static void FilterResult(IBufferWriter<byte> output, IReadOnlyList<string> passingNames, IReadOnlyList<NodeRejection> rejections)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteNull("Nodes"u8);
        writer.WriteStartArray("NodeNames"u8);
        foreach (var name in passingNames)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        Failures(writer, rejections);
        writer.WriteEndObject();
    }

    /// <summary><c>HostPriorityList</c>: <c>[{"Host":…,"Score":…}]</c>.</summary>
    public static void PriorityList(IBufferWriter<byte> output, IReadOnlyList<NodeScore> scores)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartArray();
        foreach (var score in scores)
        {
            writer.WriteStartObject();
            writer.WriteString("Host"u8, score.Name);
            writer.WriteNumber("Score"u8, score.Score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Every rejection goes to FailedNodes (its reason is what `kubectl describe pod` shows). Those
    /// preemption cannot fix — all but a node missing from our cache — also go to
    /// FailedAndUnresolvableNodes, so the scheduler does not evict pods from them in vain.
    /// </summary>
    private static void Failures(Utf8JsonWriter writer, IReadOnlyList<NodeRejection> rejections)
    {
        writer.WriteStartObject("FailedNodes"u8);
        foreach (var rejection in rejections)
        {
            writer.WriteString(rejection.Node, rejection.Message);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("FailedAndUnresolvableNodes"u8);
        foreach (var rejection in rejections)
        {
            if (rejection.Failure != FilterFailure.UnknownNode)
            {
                writer.WriteString(rejection.Node, rejection.Message);
            }
        }

        writer.WriteEndObject();
        writer.WriteString("Error"u8, "");
    }
}
