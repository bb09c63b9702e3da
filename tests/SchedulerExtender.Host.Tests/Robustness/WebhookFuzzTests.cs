using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing;
using Xunit.Abstractions;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// 100,000 mutated AdmissionReview bodies against the running server: every answer is 200, 400 or
/// 413 (never a 5xx), every 200 is a well-formed AdmissionReview echoing the uid, any patch applies
/// to the object that was sent, the server still answers a valid request at the end, and its live
/// managed heap grows by less than <see cref="ManagedHeap.GrowthBound"/> across the run.
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
public sealed class WebhookFuzzTests(ITestOutputHelper output)
{
    private const int Bodies = 100_000;
    private const int WarmUp = 5_000;
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
        var run = new FuzzRun(server.Https, Workers);
        (string, byte[]) Body(JsonMutator mutator, int i) => ("/mutate", mutator.Mutate(seeds[i % seeds.Length]));
        string? Check(string path, byte[] body, string answer) => CheckAnswer(body, answer);

        // Warm-up first (connections, JIT, pools), so that the heap is measured in steady state.
        await run.SendAsync(0, WarmUp, Body, Check, seed: 1);
        var before = ManagedHeap.Measure();
        await run.SendAsync(0, Bodies, Body, Check, seed: 2);
        var after = ManagedHeap.Measure();
        output.WriteLine(ManagedHeap.Describe($"{Bodies + WarmUp} admission reviews", before, after));

        run.Failures.Should().BeEmpty();
        run.ServerErrors.Should().Be(0);
        run.Count(HttpStatusCode.OK).Should().BeGreaterThan(Bodies / 20, "a good share of mutations leave a valid review");
        run.Count(HttpStatusCode.BadRequest).Should().BeGreaterThan(Bodies / 20, "a good share of mutations break the review");
        (await Webhook.WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Driver(), uid: "still-alive"))).Uid.Should().Be("still-alive");
        (after.HeapBytes - before.HeapBytes).Should().BeLessThan(ManagedHeap.GrowthBound, "the server keeps nothing per request");
    }

    /// <summary>What is wrong with a 200 answer to an AdmissionReview, or null: the uid echoed, allowed, any patch applying to the object sent.</summary>
    internal static string? CheckAnswer(byte[] requestBody, string responseText)
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
