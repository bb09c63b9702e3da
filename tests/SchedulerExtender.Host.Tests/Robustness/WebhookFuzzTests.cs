using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// 100,000 mutated AdmissionReview bodies against the running server: every answer is 200, 400 or
/// 413 (never a 5xx), every 200 is a well-formed AdmissionReview echoing the uid, any patch applies
/// to the object that was sent, and the server still answers a valid request at the end.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Bodies = 100_000;
    private const int Workers = 8;

    [Fact]
    public async Task Mutated_admission_reviews_never_get_a_5xx()
    {
        await using var server = await RunningServer.StartAsync();
        JsonObject[] seeds =
        [
            AdmissionReviews.For(Pods.Driver()),
            AdmissionReviews.For(Pods.Executor()),
            AdmissionReviews.For(Pods.Plain()),
            AdmissionReviews.For(Pods.Executor(), operation: "UPDATE"),
        ];
        var statuses = new int[600];
        var failures = new List<string>();

        await Parallel.ForAsync(0, Workers, async (worker, ct) =>
        {
            var mutator = new JsonMutator(seed: worker);
            for (var i = worker; i < Bodies; i += Workers)
            {
                var body = mutator.Mutate(seeds[i % seeds.Length]);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await server.Https.PostAsync("/mutate", content, ct);
                Interlocked.Increment(ref statuses[(int)response.StatusCode]);
                var problem = response.StatusCode switch
                {
                    HttpStatusCode.OK => CheckAnswer(body, await response.Content.ReadAsStringAsync(ct)),
                    HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => null,
                    _ => $"status {(int)response.StatusCode}",
                };
                if (problem is not null)
                {
                    lock (failures)
                    {
                        failures.Add($"{problem}: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 300)]}");
                    }
                }
            }
        });

        failures.Should().BeEmpty();
        statuses.Skip(500).Sum().Should().Be(0);
        statuses[200].Should().BeGreaterThan(Bodies / 20, "a good share of mutations leave a valid review");
        statuses[400].Should().BeGreaterThan(Bodies / 20, "a good share of mutations break the review");
        (await Webhook.WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Driver(), uid: "still-alive"))).Uid.Should().Be("still-alive");
    }

    private static string? CheckAnswer(byte[] requestBody, string responseText)
    {
        var request = JsonNode.Parse(requestBody)!["request"]!;
        var response = JsonNode.Parse(responseText)?["response"];
        if (response?["uid"]?.GetValue<string>() != request["uid"]!.GetValue<string>() || response["allowed"]?.GetValue<bool>() != true)
        {
            return "answer does not echo the uid or is not allowed";
        }

        if (response["patch"] is not { } patch)
        {
            return null;
        }

        try
        {
            JsonPatchApplier.Apply(request["object"]!.AsObject(), Convert.FromBase64String(patch.GetValue<string>()));
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"patch does not apply ({ex.GetType().Name}: {ex.Message})";
        }
    }
}
