using System.Buffers;
using System.Text.Json;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Host.Webhook;

/// <summary>
/// Writes the AdmissionReview answer: the request's uid, always allowed (this webhook places pods,
/// it never blocks them), and a base64 JSON Patch only when there is something to change.
/// </summary>
public static class AdmissionResponseWriter
{
    public static void Write(IBufferWriter<byte> output, string uid, Mutation? mutation)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", AdmissionReviewReader.ApiVersion);
        writer.WriteString("kind", "AdmissionReview");
        writer.WriteStartObject("response");
        writer.WriteString("uid", uid);
        writer.WriteBoolean("allowed", true);
        if (mutation is { Patch.Count: > 0 })
        {
            writer.WriteString("patchType", "JSONPatch");
            writer.WriteBase64String("patch", JsonPatchWriter.ToUtf8(mutation.Patch));
        }

        if (mutation is { Warnings.Count: > 0 })
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in mutation.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
