using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Webhook;

/// <summary>Every kind of bad body gets a clear 4xx, never a 500, and the server keeps serving.</summary>
public sealed class WebhookBadInputTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, string> BadBodies()
    {
        var valid = AdmissionReviews.For(Pods.Driver());
        JsonObject Edit(Action<JsonObject> change)
        {
            var copy = valid.DeepClone().AsObject();
            change(copy);
            return copy;
        }

        return new TheoryData<string, string, string>
        {
            { "not JSON", "this is not json", "not valid JSON" },
            { "empty body", "", "not valid JSON" },
            { "truncated JSON", valid.ToJsonString()[..200], "not valid JSON" },
            { "a JSON array", "[1,2,3]", "must be a JSON object" },
            { "wrong apiVersion", Edit(r => r["apiVersion"] = "admission.k8s.io/v1beta1").ToJsonString(), "expected apiVersion admission.k8s.io/v1" },
            { "wrong kind", Edit(r => r["kind"] = "TokenReview").ToJsonString(), "kind AdmissionReview" },
            { "no request", Edit(r => r.Remove("request")).ToJsonString(), "no request object" },
            { "no uid", Edit(r => r["request"]!.AsObject().Remove("uid")).ToJsonString(), "no uid" },
            { "uid not a string", Edit(r => r["request"]!["uid"] = 42).ToJsonString(), "no uid" },
            { "not a Pod", Edit(r => r["request"]!["kind"] = new JsonObject { ["group"] = "apps", ["version"] = "v1", ["kind"] = "Deployment" }).ToJsonString(), "Pods only" },
            { "object missing on CREATE", Edit(r => r["request"]!["object"] = null).ToJsonString(), "request.object" },
            { "object is a string", Edit(r => r["request"]!["object"] = "pod").ToJsonString(), "request.object" },
            { "deeply nested", new string('[', 100_000) + new string(']', 100_000), "not valid JSON" },
            // Valid JSON and UTF-8, but no string can hold it: found by the fuzz test as a 500.
            { "lone surrogate in a key", valid.ToJsonString().Replace("\"kind\":\"AdmissionReview\"", "\"\\ud800kind\":\"AdmissionReview\"", StringComparison.Ordinal), "unpaired UTF-16 surrogate" },
            { "lone surrogate in a label", valid.ToJsonString().Replace("\"spark-role\":\"driver\"", "\"spark-role\":\"driver\\udc00\"", StringComparison.Ordinal), "unpaired UTF-16 surrogate" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_get_400_with_a_clear_message(string what, string body, string expectedMessage)
    {
        using var response = await _server.Https.PostAsync("/mutate", WebhookHttpTests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, what);
        (await response.Content.ReadAsStringAsync()).Should().Contain(expectedMessage);
        await StillServes();
    }

    [Fact]
    public async Task Bodies_over_7_MiB_get_413()
    {
        var pod = Pods.Driver();
        pod["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 7 * 1024 * 1024) };

        // Expect: 100-continue lets the client read the verdict before uploading; without it Kestrel's
        // 413 arrives while the client is still writing and the client sees a reset instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = WebhookHttpTests.Json(AdmissionReviews.For(pod).ToJsonString()) };
        request.Headers.ExpectContinue = true;
        using var response = await _server.Https.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("request size limit (7 MiB)");
        await StillServes();
    }

    [Fact]
    public async Task Bodies_of_several_MiB_under_the_limit_are_served()
    {
        var pod = Pods.Driver();
        pod["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 6 * 1024 * 1024) };

        var answer = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(pod));

        answer.Patch.Should().NotBeNull();
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_gets_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("[" + new string(' ', 8 * 1024 * 1024) + "]")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _server.Https.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await StillServes();
    }

    private async Task StillServes()
    {
        var answer = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Driver(), uid: "after-bad-input"));
        answer.Uid.Should().Be("after-bad-input");
    }
}
