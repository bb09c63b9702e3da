using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class PodEventsTests
{
    private static V1Pod Pod(string name, string @namespace = "spark", string? uid = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Uid = uid ?? $"uid-{name}" } };

    private static async Task<k8s.Kubernetes> ClientWithNamespaceAsync(EmbeddedKubeApi api, string @namespace = "spark")
    {
        var client = KubeClients.For(api);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = @namespace } });
        return client;
    }

    // In the order written (resourceVersion; creation timestamps have whole seconds).
    private static async Task<List<Corev1Event>> EventsAsync(k8s.Kubernetes client, string pod, string @namespace = "spark") =>
        [.. (await client.CoreV1.ListNamespacedEventAsync(@namespace)).Items.Where(e => e.InvolvedObject.Name == pod).OrderBy(e => long.Parse(e.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Events_name_the_pod_by_namespace_name_and_uid_in_its_namespace_from_the_provisioner()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = await ClientWithNamespaceAsync(api);
        var events = new PodEvents(client, new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z")), NullLogger.Instance);

        await events.NominatedAsync([(Pod("exec-1"), "Planned onto NodeClaim pool-abcde")], CancellationToken.None);
        await events.FailedSchedulingAsync([(Pod("exec-2"), "No node can be launched for this pod: nodepool spot: limits reached")], CancellationToken.None);

        var nominated = (await EventsAsync(client, "exec-1")).Should().ContainSingle().Subject;
        nominated.Metadata.NamespaceProperty.Should().Be("spark");
        nominated.InvolvedObject.Should().BeEquivalentTo(new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", NamespaceProperty = "spark", Name = "exec-1", Uid = "uid-exec-1" });
        nominated.Type.Should().Be("Normal");
        nominated.Reason.Should().Be(PodEvents.Nominated);
        nominated.Message.Should().Be("Planned onto NodeClaim pool-abcde");
        nominated.Source.Component.Should().Be("schedext-provisioner");
        nominated.ReportingComponent.Should().Be("schedext-provisioner");
        nominated.LastTimestamp.Should().Be(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));

        var failed = (await EventsAsync(client, "exec-2")).Should().ContainSingle().Subject;
        failed.Type.Should().Be("Warning");
        failed.Reason.Should().Be(PodEvents.FailedScheduling);
        failed.Message.Should().Be("No node can be launched for this pod: nodepool spot: limits reached");
        failed.InvolvedObject.Uid.Should().Be("uid-exec-2");
    }

    [Fact]
    public async Task The_same_event_is_recorded_again_only_after_it_changes_or_the_repeat_interval_passes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = await ClientWithNamespaceAsync(api);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z"));
        var events = new PodEvents(client, time, NullLogger.Instance);
        var pod = Pod("exec-1");

        for (var pass = 0; pass < 5; pass++)
        {
            await events.FailedSchedulingAsync([(pod, "limits reached")], CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(10));
        }

        (await EventsAsync(client, "exec-1")).Select(e => e.Message).Should().Equal("limits reached");

        // Another reason is a change, told at once; so is being planned after all, and failing again.
        await events.FailedSchedulingAsync([(pod, "no offering is available")], CancellationToken.None);
        await events.NominatedAsync([(pod, "Planned onto NodeClaim a")], CancellationToken.None);
        await events.NominatedAsync([(pod, "Planned onto NodeClaim a")], CancellationToken.None);
        await events.FailedSchedulingAsync([(pod, "no offering is available")], CancellationToken.None);
        (await EventsAsync(client, "exec-1")).Select(e => e.Reason + ": " + e.Message).Should().Equal(
            "FailedScheduling: limits reached", "FailedScheduling: no offering is available", "Nominated: Planned onto NodeClaim a", "FailedScheduling: no offering is available");

        // Unchanged, it is repeated once the interval has passed since it was last recorded, not before.
        time.Advance(PodEvents.RepeatAfter - TimeSpan.FromSeconds(1));
        await events.FailedSchedulingAsync([(pod, "no offering is available")], CancellationToken.None);
        (await EventsAsync(client, "exec-1")).Should().HaveCount(4);
        time.Advance(TimeSpan.FromSeconds(1));
        await events.FailedSchedulingAsync([(pod, "no offering is available")], CancellationToken.None);
        (await EventsAsync(client, "exec-1")).Should().HaveCount(5);
    }

    [Fact]
    public async Task Between_batches_a_decision_is_told_again_once_it_is_old_and_only_for_pods_still_pending()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = await ClientWithNamespaceAsync(api);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z"));
        var events = new PodEvents(client, time, NullLogger.Instance);
        await events.FailedSchedulingAsync([(Pod("stuck"), "limits reached"), (Pod("bound"), "limits reached")], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await events.NominatedAsync([(Pod("planned"), "Planned onto NodeClaim a")], CancellationToken.None);

        time.Advance(PodEvents.RepeatAfter - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        events.KeepOnly([Pod("stuck"), Pod("planned")]);
        await events.RepeatStaleAsync(CancellationToken.None);
        (await client.CoreV1.ListNamespacedEventAsync("spark")).Items.Should().HaveCount(3, "nothing is old enough yet");

        time.Advance(TimeSpan.FromSeconds(1));
        await events.RepeatStaleAsync(CancellationToken.None);
        await events.RepeatStaleAsync(CancellationToken.None);
        var stuck = await EventsAsync(client, "stuck");
        stuck.Select(e => e.Type + " " + e.Reason + ": " + e.Message).Should().Equal(
            "Warning FailedScheduling: limits reached", "Warning FailedScheduling: limits reached");
        stuck[1].InvolvedObject.Uid.Should().Be("uid-stuck");
        stuck[1].LastTimestamp.Should().Be(time.GetUtcNow().UtcDateTime);
        (await EventsAsync(client, "bound")).Should().ContainSingle("a pod no longer pending is not told again");
        (await EventsAsync(client, "planned")).Should().ContainSingle("its decision is a minute younger");

        // Repeated, it counts as told now: the next plan's same decision is not told again.
        await events.FailedSchedulingAsync([(Pod("stuck"), "limits reached")], CancellationToken.None);
        (await EventsAsync(client, "stuck")).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_pod_created_again_under_its_name_is_a_new_pod()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = await ClientWithNamespaceAsync(api);
        var events = new PodEvents(client, new FakeTimeProvider(), NullLogger.Instance);

        await events.FailedSchedulingAsync([(Pod("exec-1", uid: "first"), "limits reached")], CancellationToken.None);
        await events.FailedSchedulingAsync([(Pod("exec-1", uid: "second"), "limits reached")], CancellationToken.None);

        (await EventsAsync(client, "exec-1")).Select(e => e.InvolvedObject.Uid).Should().Equal("first", "second");
    }

    [Fact]
    public async Task Pods_no_longer_pending_are_forgotten_and_told_again_if_they_return()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = await ClientWithNamespaceAsync(api);
        var events = new PodEvents(client, new FakeTimeProvider(), NullLogger.Instance);
        var pods = Enumerable.Range(0, 50).Select(i => Pod($"exec-{i}")).ToList();

        await events.FailedSchedulingAsync(pods.Select(p => (p, "limits reached")), CancellationToken.None);
        events.Remembered.Should().Be(50);
        events.KeepOnly(pods.Take(10));
        events.Remembered.Should().Be(10, "the other 40 were bound or deleted");
        events.KeepOnly([]);
        events.Remembered.Should().Be(0);

        await events.FailedSchedulingAsync([(pods[0], "limits reached")], CancellationToken.None);
        (await EventsAsync(client, "exec-0")).Should().HaveCount(2, "a pod pending again after being forgotten is told again");
        (await client.CoreV1.ListNamespacedEventAsync("spark")).Items.Should().HaveCount(51);
    }

    [Fact]
    public async Task A_failed_write_is_logged_neither_thrown_nor_retried_at_every_batch_and_a_pod_without_a_name_is_skipped()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        var counter = new RequestCounter();
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') }, counter);
        var logs = new RecordingLoggerProvider();
        var events = new PodEvents(client, new FakeTimeProvider(), logs.For<PodEventsTests>());
        (V1Pod, string)[] batch = [(Pod("exec-1", "gone"), "limits reached"), (new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = "spark" } }, "x")];

        // The namespace does not exist: the API server refuses the event (404 NotFound).
        await events.Invoking(e => e.FailedSchedulingAsync(batch, CancellationToken.None)).Should().NotThrowAsync();
        await events.FailedSchedulingAsync(batch, CancellationToken.None);

        counter.Count.Should().Be(1, "the pod without a name cannot be named in an event, and the refused one is not asked again");
        logs.Lines.Should().ContainSingle(l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("Could not record event FailedScheduling for Pod gone/exec-1", StringComparison.Ordinal));
    }

    private sealed class RequestCounter : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
