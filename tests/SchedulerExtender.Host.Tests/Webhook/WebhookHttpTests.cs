using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Webhook;

/// <summary>Complete AdmissionReview bodies posted to the real server over loopback HTTPS.</summary>
public sealed class WebhookHttpTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Driver_gets_a_patch_that_keeps_it_off_spot()
    {
        var pod = Pods.Driver();

        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(pod, uid: "uid-driver-1"));

        response.Uid.Should().Be("uid-driver-1");
        response.Allowed.Should().BeTrue();
        response.PatchType.Should().Be("JSONPatch");
        var patched = JsonPatchApplier.Apply(pod, response.Patch!);
        var expression = patched["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
        expression.ToJsonString().Should().Be("""{"key":"karpenter.sh/capacity-type","operator":"NotIn","values":["spot"]}""");
        patched["metadata"]!["annotations"]!["schedext.io/mutation"]!.GetValue<string>().Should().Be("role=driver policy=on-demand affinity=required");
    }

    [Fact]
    public async Task Executor_owned_by_its_driver_gets_required_spot()
    {
        var pod = Pods.Executor(index: 7);

        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(pod));

        var patched = JsonPatchApplier.Apply(pod, response.Patch!);
        patched["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>().Should().Be("spark-pi-driver");
        var expression = patched["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
        expression.ToJsonString().Should().Be("""{"key":"karpenter.sh/capacity-type","operator":"In","values":["spot"]}""");
    }

    [Fact]
    public async Task Non_spark_pod_is_allowed_without_a_patch()
    {
        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Plain(), uid: "uid-plain"));

        response.Uid.Should().Be("uid-plain");
        response.Allowed.Should().BeTrue();
        response.PatchType.Should().BeNull();
        response.Patch.Should().BeNull();
    }

    [Fact]
    public async Task Existing_affinity_is_merged_not_replaced()
    {
        var pod = Pods.Executor();
        pod["spec"]!["affinity"] = JsonNode.Parse("""
            {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"In","values":["cn-shenzhen-f"]}]}]}},
             "podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":5,"podAffinityTerm":{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"spark-app-selector":"spark-spark-pi-0001"}}}}]}}
            """);

        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(pod));

        var patched = JsonPatchApplier.Apply(pod, response.Patch!);
        var expressions = patched["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]!.AsArray();
        expressions.Select(e => e!["key"]!.GetValue<string>()).Should().Equal("topology.kubernetes.io/zone", "karpenter.sh/capacity-type");
        patched["spec"]!["affinity"]!["podAffinity"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_user_constraint_is_kept_and_reported_as_a_warning()
    {
        var pod = Pods.Executor();
        pod["spec"]!["nodeSelector"] = new JsonObject { ["karpenter.sh/capacity-type"] = "on-demand" };

        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(pod));

        response.Warnings.Should().ContainSingle().Which.Should().Contain("already constrains karpenter.sh/capacity-type");
        JsonPatchApplier.Apply(pod, response.Patch!)["spec"]!.AsObject().ContainsKey("affinity").Should().BeFalse();
    }

    [Fact]
    public async Task Dry_run_gets_the_same_answer()
    {
        var real = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Driver()));
        var dry = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Driver(), dryRun: true));

        dry.Patch.Should().Equal(real.Patch);
    }

    [Fact]
    public async Task Operations_other_than_create_are_allowed_unchanged()
    {
        var response = await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Driver(), operation: "UPDATE"));

        response.Allowed.Should().BeTrue();
        response.Patch.Should().BeNull();
    }

    [Fact]
    public async Task Namespace_annotation_sets_the_executor_policy()
    {
        var namespaces = new FakeNamespaceAnnotations();
        namespaces.Set("analytics", SchedextAnnotations.ExecutorPolicy, "prefer-spot");
        await using var server = await RunningServer.StartAsync(services: s => s.AddSingleton<INamespaceAnnotations>(namespaces));
        var pod = Pods.Executor(ns: "analytics");

        var response = await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(pod));

        var patched = JsonPatchApplier.Apply(pod, response.Patch!);
        patched["spec"]!["affinity"]!["nodeAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["weight"]!.GetValue<int>().Should().Be(100);
    }

    [Fact]
    public async Task Configuration_sets_the_global_policy_and_scheduler()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhook:ExecutorPolicy"] = "none",
            ["Webhook:SchedulerName"] = "schedext-scheduler",
        });
        var pod = Pods.Executor();

        var patched = JsonPatchApplier.Apply(pod, (await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(pod))).Patch!);

        patched["spec"]!.AsObject().ContainsKey("affinity").Should().BeFalse();
        patched["spec"]!["schedulerName"]!.GetValue<string>().Should().Be("schedext-scheduler");
    }

    [Fact]
    public async Task Webhook_is_not_served_on_the_plain_listener_nor_metrics_on_tls()
    {
        var body = new StringContent(AdmissionReviews.For(Pods.Driver()).ToJsonString(), Encoding.UTF8, "application/json");
        (await _server.Http.PostAsync("/mutate", body)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _server.Https.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _server.Http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _server.Http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admissions_are_counted_by_role_and_outcome()
    {
        await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Driver()));
        await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Executor()));
        await WebhookClient.ReviewAsync(_server.Https, AdmissionReviews.For(Pods.Plain()));
        await _server.Https.PostAsync("/mutate", new StringContent("{}", Encoding.UTF8, "application/json"));

        var metrics = await _server.Http.GetStringAsync("/metrics");

        metrics.Should().Contain("schedext_webhook_admissions_total{role=\"driver\",outcome=\"mutated\"} 1");
        metrics.Should().Contain("schedext_webhook_admissions_total{role=\"executor\",outcome=\"mutated\"} 1");
        metrics.Should().Contain("schedext_webhook_admissions_total{role=\"none\",outcome=\"ignored\"} 1");
        metrics.Should().Contain("schedext_webhook_admissions_total{role=\"unknown\",outcome=\"rejected\"} 1");
        metrics.Should().Contain("schedext_webhook_admission_duration_seconds_count{role=\"driver\"} 1");
        metrics.Should().Contain("schedext_webhook_admissions_total{role=\"none\",outcome=\"error\"} 0", "errors start at 0, so the first one is an increase an alert sees");
    }

    internal static StringContent Json(string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
