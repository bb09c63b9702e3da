using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The floor the extender is measured against: same server, same body reading, a Utf8JsonReader
/// pass that only finds the nodes (or names), and an answer that passes every node. Whatever the
/// extender costs beyond this is its own decoding of node fields, filtering and scoring.
/// </summary>
internal static class FloorEndpoint
{
    public static IEndpointConventionBuilder MapFloor(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/floor", async context =>
        {
            // The extender's own body reading and limit (above the server-wide 7 MiB).
            var (read, status, error) = await RequestBody.ReadAsync(context, new ExtenderOptions().MaxRequestBodyBytes, "limit");
            if (read is null)
            {
                await RequestBody.WriteErrorAsync(context.Response, status, error!);
                return;
            }

            using var body = read;
            using var answer = new PooledBufferWriter(Math.Max(body.WrittenCount, 4096));
            PassEverything(body.WrittenSpan, answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.WrittenCount;
            await context.Response.Body.WriteAsync(answer.WrittenMemory);
        });

    /// <summary>The floor's whole work on a body, also called in-process by <see cref="InProcessProfile"/>.</summary>
    internal static void PassEverything(ReadOnlySpan<byte> body, System.Buffers.IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(body);
        var nodes = new List<(int Start, int Length)>();
        var names = new List<string>();
        var full = false;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Nodes"u8))
            {
                reader.Read();
                full = reader.TokenType == JsonTokenType.StartObject;
                while (full && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isItems = reader.ValueTextEquals("items"u8);
                    reader.Read();
                    if (!isItems)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        nodes.Add((start, (int)reader.BytesConsumed - start));
                    }
                }
            }
            else if (reader.ValueTextEquals("NodeNames"u8))
            {
                reader.Read();
                while (reader.TokenType != JsonTokenType.Null && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    names.Add(reader.GetString()!);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        if (full)
        {
            writer.WriteStartObject("Nodes");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var (start, length) in nodes)
            {
                writer.WriteRawValue(body.Slice(start, length), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNull("NodeNames");
        }
        else
        {
            writer.WriteNull("Nodes");
            writer.WriteStartArray("NodeNames");
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("FailedNodes");
        writer.WriteEndObject();
        writer.WriteNull("FailedAndUnresolvableNodes");
        writer.WriteString("Error", "");
        writer.WriteEndObject();
    }
}
