using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The floors the extender is measured against, on the same server with the same body reading.
/// <c>/floor</c>: a Utf8JsonReader pass that only finds the nodes (or names) and an answer that
/// passes every node; whatever the extender costs beyond it is its own decoding of node fields,
/// filtering and scoring. <c>/receive</c>: the body read and <c>[]</c> answered — what getting the
/// request to the server costs at all, below which no answer can come.
/// </summary>
internal static class FloorEndpoint
{
    private static readonly ReadOnlyMemory<byte> EmptyList = "[]"u8.ToArray();

    public static RouteGroupBuilder MapFloors(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.MapPost("/floor", async context =>
        {
            using var body = await ReadAsync(context);
            if (body is null)
            {
                return;
            }

            using var answer = new PooledBufferWriter(Math.Max(body.WrittenCount, 4096));
            PassEverything(body.WrittenSpan, answer);
            await AnswerAsync(context, answer.WrittenMemory);
        });
        group.MapPost("/receive", async context =>
        {
            using var body = await ReadAsync(context);
            if (body is not null)
            {
                await AnswerAsync(context, EmptyList);
            }
        });
        return group;
    }

    /// <summary>The body as the extender reads it, or null after answering the error.</summary>
    private static async Task<PooledBufferWriter?> ReadAsync(HttpContext context)
    {
        // The extender's own body reading and limit (above the server-wide 7 MiB).
        var (read, status, error) = await RequestBody.ReadAsync(context, new ExtenderOptions().MaxRequestBodyBytes, "limit");
        if (read is null)
        {
            await RequestBody.WriteErrorAsync(context.Response, status, error!);
        }

        return read;
    }

    private static async Task AnswerAsync(HttpContext context, ReadOnlyMemory<byte> answer)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer);
    }

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
