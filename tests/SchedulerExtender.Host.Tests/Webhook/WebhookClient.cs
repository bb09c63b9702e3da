using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Webhook;

/// <summary>Posts an AdmissionReview and decodes the answer as the API server would.</summary>
internal static class WebhookClient
{
    public static async Task<ReviewAnswer> ReviewAsync(HttpClient client, JsonObject review)
    {
        using var response = await client.PostAsync("/mutate", new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");

        var root = JsonNode.Parse(text)!.AsObject();
        root["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1");
        root["kind"]!.GetValue<string>().Should().Be("AdmissionReview");
        var answer = root["response"]!.AsObject();
        var patch = answer["patch"]?.GetValue<string>();
        return new ReviewAnswer(
            answer["uid"]!.GetValue<string>(),
            answer["allowed"]!.GetValue<bool>(),
            answer["patchType"]?.GetValue<string>(),
            patch is null ? null : Convert.FromBase64String(patch),
            answer["warnings"]?.AsArray().Select(w => w!.GetValue<string>()).ToList() ?? []);
    }
}
