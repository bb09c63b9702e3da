using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi.Admission;

public sealed class MutatingAdmissionTests
{
    private const string Pods = "api/v1/namespaces/default/pods";
    private const string Configurations = "apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private const string AddRoleLabel = """[{"op":"add","path":"/metadata/labels","value":{"schedext.io~1role":"x"}},{"op":"add","path":"/metadata/labels/schedext.io~1mutated","value":"true"}]""";

    [Fact]
    public async Task Pod_creation_sends_an_AdmissionReview_and_applies_the_patch()
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(TestWebhook.Patch(r, """[{"op":"add","path":"/metadata/labels","value":{"schedext.io/mutated":"true"}}]""")));
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Configurations, Configuration(webhook.Url.ToString(), webhook.CaBundle));

        var (code, pod) = await http.PostAsync(Pods, KubeObjects.Pod("driver"));

        code.Should().Be(HttpStatusCode.Created);
        pod.Str("metadata", "labels", "schedext.io/mutated").Should().Be("true");
        var review = webhook.Reviews.Should().ContainSingle().Subject;
        review.Str("apiVersion").Should().Be("admission.k8s.io/v1");
        review.Str("kind").Should().Be("AdmissionReview");
        var request = review["request"]!;
        Guid.TryParse(request.Str("uid"), out _).Should().BeTrue();
        (request.Str("kind", "kind"), request.Str("kind", "version"), request.Str("resource", "resource")).Should().Be(("Pod", "v1", "pods"));
        (request.Str("operation"), request.Str("namespace"), request.Str("name")).Should().Be(("CREATE", "default", "driver"));
        request["dryRun"]!.GetValue<bool>().Should().BeFalse();
        request["object"]!["spec"]!["containers"]![0].Str("name").Should().Be("main");
    }

    [Fact]
    public async Task Selectors_decide_which_pods_are_sent()
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(TestWebhook.Patch(r, """[{"op":"add","path":"/metadata/annotations","value":{"seen":"yes"}}]""")));
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var configuration = Configuration(webhook.Url.ToString(), webhook.CaBundle);
        configuration["webhooks"]![0]!["objectSelector"] = JsonNode.Parse("""{"matchExpressions":[{"key":"spark-role","operator":"Exists"}]}""");
        configuration["webhooks"]![0]!["namespaceSelector"] = JsonNode.Parse("""{"matchLabels":{"spark":"enabled"}}""");
        await http.PostAsync(Configurations, configuration);
        await http.PostAsync("api/v1/namespaces", JsonNode.Parse("""{"metadata":{"name":"spark","labels":{"spark":"enabled"}}}""")!);
        var spark = new Dictionary<string, string> { ["spark-role"] = "driver" };

        var (_, sent) = await http.PostAsync("api/v1/namespaces/spark/pods", KubeObjects.Pod("d1", "spark", spark));
        var (_, notSpark) = await http.PostAsync("api/v1/namespaces/spark/pods", KubeObjects.Pod("web", "spark"));
        var (_, otherNamespace) = await http.PostAsync(Pods, KubeObjects.Pod("d2", labels: spark));

        sent["metadata"]!["annotations"].Should().NotBeNull();
        notSpark["metadata"]!["annotations"].Should().BeNull();
        otherNamespace["metadata"]!["annotations"].Should().BeNull();
        webhook.Reviews.Should().ContainSingle();
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_fails_the_request_even_with_Ignore()
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(TestWebhook.Patch(r, """[{"op":"replace","path":"/metadata/labels/missing","value":"x"}]""")));
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Configurations, Configuration(webhook.Url.ToString(), webhook.CaBundle, failurePolicy: "Ignore"));

        var failure = (await http.PostAsync(Pods, KubeObjects.Pod("p1"))).ShouldBeFailure(500, "InternalError");

        failure.Str("message").Should().Contain("does not apply");
        (await http.GetAsync($"{Pods}/p1")).ShouldBeFailure(404, "NotFound");
    }

    [Theory]
    [InlineData("Fail", false)]
    [InlineData("Ignore", true)]
    public async Task Call_failures_follow_the_failure_policy(string failurePolicy, bool created)
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(TestWebhook.Patch(r, AddRoleLabel)));
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        using var stranger = TestWebhook.SelfSigned();
        var untrusted = Configuration(webhook.Url.ToString(), TestWebhook.CaBundleOf(stranger), failurePolicy, name: "a-untrusted.schedext.io");
        var unreachable = Configuration("https://127.0.0.1:1/mutate", webhook.CaBundle, failurePolicy, name: "b-unreachable.schedext.io");
        await http.PostAsync(Configurations, untrusted);
        await http.PostAsync(Configurations, unreachable);

        var response = await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        if (created)
        {
            response.Code.Should().Be(HttpStatusCode.Created);
            response.Body["metadata"]!["labels"].Should().BeNull();
        }
        else
        {
            response.ShouldBeFailure(500, "InternalError").Str("message").Should().StartWith("Internal error occurred: failed calling webhook \"a-untrusted.schedext.io\"");
        }

        webhook.Reviews.Should().BeEmpty("the TLS handshake with an untrusted certificate fails before any request is sent");
    }

    [Fact]
    public async Task A_response_for_another_uid_or_too_late_is_a_call_failure()
    {
        await using var wrongUid = await TestWebhook.StartAsync(r => Task.FromResult(new JsonObject { ["uid"] = "someone-else", ["allowed"] = true }));
        await using var slow = await TestWebhook.StartAsync(async r =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return TestWebhook.Patch(r, AddRoleLabel);
        });
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Configurations, Configuration(wrongUid.Url.ToString(), wrongUid.CaBundle, name: "a-uid.schedext.io"));

        var uidFailure = (await http.PostAsync(Pods, KubeObjects.Pod("p1"))).ShouldBeFailure(500, "InternalError");
        await http.DeleteAsync($"{Configurations}/a-uid.schedext.io");
        await http.PostAsync(Configurations, Configuration(slow.Url.ToString(), slow.CaBundle, timeoutSeconds: 1, name: "b-slow.schedext.io"));
        var timeoutFailure = (await http.PostAsync(Pods, KubeObjects.Pod("p2"))).ShouldBeFailure(500, "InternalError");

        uidFailure.Str("message").Should().Contain("response.uid");
        timeoutFailure.Str("message").Should().Contain("timeoutSeconds=1");
    }

    [Fact]
    public async Task A_denial_fails_the_request_with_the_webhook_message()
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(new JsonObject
        {
            ["uid"] = r["uid"]!.GetValue<string>(),
            ["allowed"] = false,
            ["status"] = new JsonObject { ["code"] = 403, ["message"] = "drivers may not run on spot" },
        }));
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Configurations, Configuration(webhook.Url.ToString(), webhook.CaBundle));

        var denied = (await http.PostAsync(Pods, KubeObjects.Pod("p1"))).ShouldBeFailure(403, "Forbidden");

        denied.Str("message").Should().Be("admission webhook \"spark.schedext.io\" denied the request: drivers may not run on spot");
    }

    [Fact]
    public async Task In_process_creates_can_go_through_admission_and_service_references_resolve()
    {
        await using var webhook = await TestWebhook.StartAsync(r => Task.FromResult(TestWebhook.Patch(r, AddRoleLabel)));
        var options = new EmbeddedKubeApiOptions { WebhookServiceUrl = (ns, name, port, path) => new Uri(webhook.Url, path) };
        await using var api = await EmbeddedKubeApi.StartAsync(options);
        var configuration = Configuration("unused", webhook.CaBundle);
        configuration["webhooks"]![0]!["clientConfig"] = new JsonObject
        {
            ["caBundle"] = webhook.CaBundle,
            ["service"] = new JsonObject { ["namespace"] = "schedext", ["name"] = "schedext", ["path"] = "/mutate", ["port"] = 9443 },
        };
        api.Store.Create(KubeResources.MutatingWebhookConfigurations, null, configuration);

        var pod = await api.CreateAsync(KubeResources.Pods, "default", KubeObjects.Pod("p1"));
        var direct = api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("p2"));

        pod.Labels().Should().ContainKey("schedext.io/mutated");
        direct.Labels().Should().BeEmpty();
    }

    private static JsonObject Configuration(string url, string caBundle, string failurePolicy = "Fail", int timeoutSeconds = 5, string name = "spark.schedext.io") => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["webhooks"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["admissionReviewVersions"] = new JsonArray("v1"),
            ["sideEffects"] = "None",
            ["failurePolicy"] = failurePolicy,
            ["timeoutSeconds"] = timeoutSeconds,
            ["clientConfig"] = new JsonObject { ["url"] = url, ["caBundle"] = caBundle },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["operations"] = new JsonArray("CREATE"),
                ["apiGroups"] = new JsonArray(""),
                ["apiVersions"] = new JsonArray("v1"),
                ["resources"] = new JsonArray("pods"),
                ["scope"] = "Namespaced",
            }),
        }),
    };
}
