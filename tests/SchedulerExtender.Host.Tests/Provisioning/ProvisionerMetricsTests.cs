using Prometheus;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Monitoring;

namespace SchedulerExtender.Host.Tests.Provisioning;

public sealed class ProvisionerMetricsTests
{
    [Fact]
    public async Task Reports_in_base_units_with_bounded_labels()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ProvisionerMetrics(registry);

        metrics.PendingPods(21);
        metrics.BatchPlanned(21, TimeSpan.FromMilliseconds(3));
        metrics.ClaimCreated("spark-spot");
        metrics.ClaimCreated("spark-spot");
        metrics.ClaimRegistered();
        metrics.ClaimFailed("spark-spot", "registration_timeout");
        metrics.Launched("ecs.u1-c1m2.4xlarge", "spot");
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        text.Should().Contain("schedext_provisioner_pending_pods 21")
            .And.Contain("schedext_provisioner_batch_size_sum 21")
            .And.Contain("schedext_provisioner_solve_duration_seconds_sum 0.003")
            .And.Contain("schedext_provisioner_node_claims_created_total 2")
            .And.Contain("schedext_provisioner_node_claims_registered_total 1")
            .And.Contain("schedext_provisioner_node_claims_failed_total{nodepool=\"spark-spot\",reason=\"registration_timeout\"} 1")
            .And.Contain("schedext_provisioner_launches_total{instance_type=\"ecs.u1-c1m2.4xlarge\",capacity_type=\"spot\"} 1");
    }

    [Fact]
    public async Task Node_claims_of_a_combination_gone_from_the_latest_pass_drop_to_zero()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ProvisionerMetrics(registry);

        metrics.NodeClaims(new Dictionary<(string NodePool, string State), int> { [("spot", "launching")] = 3, [("spot", "initialized")] = 1 });
        metrics.NodeClaims(new Dictionary<(string NodePool, string State), int> { [("spot", "initialized")] = 4 });
        var text = await ExportAsync(registry);

        await Promtool.FindsNothingAsync(text);
        text.Should().Contain("schedext_node_claims{nodepool=\"spot\",state=\"launching\"} 0")
            .And.Contain("schedext_node_claims{nodepool=\"spot\",state=\"initialized\"} 4");
    }

    [Fact]
    public async Task Pod_pending_times_fall_in_minute_scale_buckets_by_role()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ProvisionerMetrics(registry);

        metrics.PodBound("executor", TimeSpan.FromSeconds(0.5));
        metrics.PodBound("executor", TimeSpan.FromSeconds(150));
        metrics.PodBound("driver", TimeSpan.FromMinutes(40));
        var text = await ExportAsync(registry);

        text.Should().Contain("schedext_pod_pending_seconds_bucket{role=\"executor\",le=\"1\"} 1")
            .And.Contain("schedext_pod_pending_seconds_bucket{role=\"executor\",le=\"120\"} 1")
            .And.Contain("schedext_pod_pending_seconds_bucket{role=\"executor\",le=\"180\"} 2")
            .And.Contain("schedext_pod_pending_seconds_sum{role=\"executor\"} 150.5")
            .And.Contain("schedext_pod_pending_seconds_bucket{role=\"driver\",le=\"1800\"} 0")
            .And.Contain("schedext_pod_pending_seconds_bucket{role=\"driver\",le=\"+Inf\"} 1");
        await Promtool.FindsNothingAsync(text);
    }

    [Fact]
    public async Task Every_failure_reason_of_a_pool_starts_at_zero_once_the_pool_has_a_claim_so_the_first_failure_is_an_increase()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ProvisionerMetrics(registry);
        var before = await ExportAsync(registry);

        metrics.ClaimCreated("created-here");
        metrics.NodeClaims(new Dictionary<(string NodePool, string State), int> { [("left-by-the-last-leader", "launching")] = 1 });
        var text = await ExportAsync(registry);

        before.Should().NotContain("schedext_provisioner_node_claims_failed_total{");
        foreach (var pool in new[] { "created-here", "left-by-the-last-leader" })
        {
            foreach (var reason in ProvisionerMetrics.FailureReasons)
            {
                text.Should().Contain($"schedext_provisioner_node_claims_failed_total{{nodepool=\"{pool}\",reason=\"{reason}\"}} 0");
            }
        }
    }

    [Fact]
    public async Task The_leader_gauge_is_absent_until_the_provisioner_campaigns_then_says_whether_this_replica_leads()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ProvisionerMetrics(registry);

        var disabled = await ExportAsync(registry);
        metrics.Leading(false);
        var campaigning = await ExportAsync(registry);
        metrics.Leading(true);
        var leading = await ExportAsync(registry);

        // Whole sample lines: the help text itself begins "schedext_provisioner_leader 1 while ...".
        disabled.Should().NotContain("\nschedext_provisioner_leader ", "a disabled provisioner has no leader to miss");
        campaigning.Should().Contain("\nschedext_provisioner_leader 0\n");
        leading.Should().Contain("\nschedext_provisioner_leader 1\n");
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
