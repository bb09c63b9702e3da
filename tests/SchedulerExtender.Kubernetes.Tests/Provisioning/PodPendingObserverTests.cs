using k8s.Models;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class PodPendingObserverTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_bound_pod_is_reported_once_with_the_time_from_creation_to_binding()
    {
        var metrics = new RecordingProvisionerMetrics();
        var observer = new PodPendingObserver(metrics, Start);
        var pod = Pod("u1", Start.AddSeconds(10), Start.AddSeconds(100), "executor");

        observer.Observe([pod]);
        observer.Observe([pod]);

        metrics.Bound.Should().Equal(("executor", TimeSpan.FromSeconds(90)));
    }

    [Theory]
    [InlineData("driver", "spark-1", "driver")]
    [InlineData("executor", "spark-1", "executor")]
    [InlineData("executor", null, "none")]
    [InlineData(null, null, "none")]
    public void The_role_is_the_spark_role_of_a_spark_pod(string? role, string? app, string expected)
    {
        var metrics = new RecordingProvisionerMetrics();
        var pod = Pod("u1", Start, Start.AddSeconds(5), role);
        if (app is null)
        {
            pod.Metadata.Labels?.Remove("spark-app-selector");
        }

        new PodPendingObserver(metrics, Start).Observe([pod]);

        metrics.Bound.Should().Equal((expected, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Unbound_pods_are_reported_when_they_are_bound()
    {
        var metrics = new RecordingProvisionerMetrics();
        var observer = new PodPendingObserver(metrics, Start);
        var pending = Pod("u1", Start, null, null);

        observer.Observe([pending]);
        metrics.Bound.Should().BeEmpty();
        observer.Observe([Pod("u1", Start, Start.AddMinutes(3), null)]);

        metrics.Bound.Should().Equal(("none", TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Pods_bound_before_the_observer_started_are_not_reported()
    {
        var metrics = new RecordingProvisionerMetrics();

        new PodPendingObserver(metrics, Start).Observe([Pod("u1", Start.AddMinutes(-5), Start.AddSeconds(-1), null)]);

        metrics.Bound.Should().BeEmpty();
    }

    [Fact]
    public void A_pod_bound_in_the_second_the_observer_started_is_reported_though_stamped_to_the_second()
    {
        var metrics = new RecordingProvisionerMetrics();

        new PodPendingObserver(metrics, Start.AddMilliseconds(700)).Observe([Pod("u1", Start.AddSeconds(-3), Start, null)]);

        metrics.Bound.Should().Equal(("none", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_binding_stamped_before_creation_counts_as_no_wait()
    {
        var metrics = new RecordingProvisionerMetrics();

        new PodPendingObserver(metrics, Start).Observe([Pod("u1", Start.AddSeconds(2), Start.AddSeconds(1), null)]);

        metrics.Bound.Should().Equal(("none", TimeSpan.Zero));
    }

    [Fact]
    public void A_pod_that_left_the_cache_is_forgotten_so_a_new_pod_with_its_uid_would_be_reported()
    {
        // Forgetting is what bounds the memory; a reused UID is the only way to observe it from outside.
        var metrics = new RecordingProvisionerMetrics();
        var observer = new PodPendingObserver(metrics, Start);
        var pod = Pod("u1", Start, Start.AddSeconds(4), null);

        observer.Observe([pod]);
        observer.Observe([]);
        observer.Observe([pod]);

        metrics.Bound.Should().HaveCount(2);
    }

    private static V1Pod Pod(string uid, DateTime created, DateTime? boundAt, string? role) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p-" + uid,
            NamespaceProperty = "spark",
            Uid = uid,
            CreationTimestamp = created,
            Labels = role is null ? null : new Dictionary<string, string> { ["spark-role"] = role, ["spark-app-selector"] = "spark-1" },
        },
        Status = new V1PodStatus
        {
            Conditions = boundAt is { } at
                ? [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = at }]
                : [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", LastTransitionTime = created }],
        },
    };
}
