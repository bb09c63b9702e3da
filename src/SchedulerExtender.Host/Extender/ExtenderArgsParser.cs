using System.Text.Json;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Serving;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Decodes kube-scheduler's <c>ExtenderArgs</c> (k8s.io/kube-scheduler/extender/v1) with a single
/// forward pass of <see cref="Utf8JsonReader"/>: keys of the extender types match case-insensitively
/// as in Go; nodes keep their byte range so the filter can return them unchanged. Throws
/// <see cref="ExtenderRequestException"/> with a message for people on anything unusable.
/// </summary>
public static class ExtenderArgsParser
{
    internal static readonly JsonReaderOptions Options = new() { MaxDepth = 256, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses keeping every node label, annotation and condition.</summary>
    public static ParsedExtenderArgs Parse(ReadOnlySpan<byte> body) => Parse(body, NodeFieldSelection.All);

    /// <summary>Parses keeping only the node labels, annotations and conditions in <paramref name="selection"/>.</summary>
    public static ParsedExtenderArgs Parse(ReadOnlySpan<byte> body, NodeFieldSelection selection) =>
        Decode(body, "ExtenderArgs JSON {\"Pod\":…,\"Nodes\":…,\"NodeNames\":…}", b => ParseArgs(b, selection));

    /// <summary>
    /// Runs <paramref name="parse"/> on a kube-scheduler request body, turning whatever the JSON
    /// reader throws into an <see cref="ExtenderRequestException"/> with a message for people.
    /// </summary>
    internal static T Decode<T>(ReadOnlySpan<byte> body, string expected, Func<ReadOnlySpan<byte>, T> parse)
    {
        if (body.IsEmpty)
        {
            throw new ExtenderRequestException($"request body is empty; expected {expected}");
        }

        try
        {
            return parse(body);
        }
        catch (JsonException e)
        {
            throw new ExtenderRequestException($"request body is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException || !System.Text.Unicode.Utf8.IsValid(body))
        {
            // Utf8JsonReader checks UTF-8 only when a string is decoded or copied, and says so
            // differently (GetString wraps a decoder error; CopyString of node names throws directly).
            throw new ExtenderRequestException("request body is not valid UTF-8 JSON: a string holds invalid UTF-8", e);
        }
        catch (InvalidOperationException e) when (JsonEscapes.HasUnpairedSurrogate(body))
        {
            // Valid JSON can still name text no .NET string holds: an escaped lone surrogate ("\ud800").
            // The reader reports it only when the string is decoded; found by the extender fuzz test.
            throw new ExtenderRequestException("request body is not valid JSON text: a string holds an unpaired UTF-16 surrogate escape", e);
        }
    }

    /// <summary>The <c>Pod</c> member's value (the reader on it); null when it is JSON null.</summary>
    internal static Core.Extender.SchedulingPod? Pod(ref Utf8JsonReader reader, StringPool pool) =>
        reader.TokenType == JsonTokenType.Null ? null : WithContext("Pod", ref reader, (ref Utf8JsonReader r) => PodJson.Read(ref r, pool));

    /// <summary>After the request's top-level object: nothing but whitespace may follow, and the pod must have been there.</summary>
    internal static Core.Extender.SchedulingPod End(ref Utf8JsonReader reader, Core.Extender.SchedulingPod? pod, string type)
    {
        // Anything after the closing brace other than whitespace makes Read throw.
        if (reader.Read())
        {
            throw new ExtenderRequestException($"request body has content after the {type} object");
        }

        return pod ?? throw new ExtenderRequestException($"{type}.Pod is missing or null; kube-scheduler always sends the pod being scheduled");
    }

    private static ParsedExtenderArgs ParseArgs(ReadOnlySpan<byte> body, NodeFieldSelection selection)
    {
        var pool = new StringPool();
        var reader = new Utf8JsonReader(body, Options);
        KubeJson.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ExtenderRequestException($"ExtenderArgs must be a JSON object, found {reader.TokenType}");
        }

        Core.Extender.SchedulingPod? pod = null;
        ParsedNodeList? nodes = null;
        NodeNameList? names = null;
        while (KubeJson.NextProperty(ref reader))
        {
            if (JsonNames.Is(ref reader, "pod"u8))
            {
                KubeJson.Next(ref reader);
                pod = Pod(ref reader, pool);
            }
            else if (JsonNames.Is(ref reader, "nodes"u8))
            {
                KubeJson.Next(ref reader);
                nodes = NodeList(ref reader, selection, pool);
            }
            else if (JsonNames.Is(ref reader, "nodenames"u8))
            {
                KubeJson.Next(ref reader);
                names = NodeNames(ref reader);
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        return new ParsedExtenderArgs(End(ref reader, pod, "ExtenderArgs"), nodes, names ?? NodeNameList.Empty);
    }

    private static ParsedNodeList? NodeList(ref Utf8JsonReader reader, NodeFieldSelection selection, StringPool pool)
    {
        if (!KubeJson.StartObject(ref reader, "ExtenderArgs.Nodes"))
        {
            return null;
        }

        var nodes = new ParsedNodeList();
        while (KubeJson.NextProperty(ref reader))
        {
            if (!JsonNames.Is(ref reader, "items"u8))
            {
                KubeJson.SkipValue(ref reader);
                continue;
            }

            KubeJson.Next(ref reader);
            if (!KubeJson.StartArray(ref reader, "Nodes.items"))
            {
                continue;
            }

            for (KubeJson.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; KubeJson.Next(ref reader))
            {
                var start = checked((int)reader.TokenStartIndex);
                NodeInfo info;
                try
                {
                    info = NodeJson.Read(ref reader, selection, pool);
                }
                catch (ExtenderRequestException e)
                {
                    throw new ExtenderRequestException($"Nodes.items[{nodes.Count}]: {e.Message}", e);
                }

                nodes.Add(new ParsedNode(info, start, checked((int)reader.BytesConsumed) - start));
            }
        }

        return nodes;
    }

    private delegate T ReadValue<T>(ref Utf8JsonReader reader);

    private static T WithContext<T>(string context, ref Utf8JsonReader reader, ReadValue<T> read)
    {
        try
        {
            return read(ref reader);
        }
        catch (ExtenderRequestException e)
        {
            throw new ExtenderRequestException($"{context}: {e.Message}", e);
        }
    }

    private static NodeNameList? NodeNames(ref Utf8JsonReader reader)
    {
        if (!KubeJson.StartArray(ref reader, "ExtenderArgs.NodeNames"))
        {
            return null;
        }

        var names = new NodeNameList();
        for (KubeJson.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; KubeJson.Next(ref reader))
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    names.Add(ref reader);
                    break;
                case JsonTokenType.Null:
                    throw new ExtenderRequestException($"NodeNames[{names.Count}] is null");
                default:
                    throw new ExtenderRequestException($"NodeNames[] must be a string, found {reader.TokenType}");
            }
        }

        return names;
    }
}
