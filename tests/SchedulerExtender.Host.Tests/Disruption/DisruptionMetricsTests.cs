using Prometheus;
using SchedulerExtender.Host.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class DisruptionMetricsTests
{
    [Fact]
    public async Task Abandon_causes_and_orphan_kinds_start_at_zero_so_the_first_one_is_an_increase()
    {
        var registry = Metrics.NewCustomRegistry();
        _ = new DisruptionMetrics(registry);
        var text = await ExportAsync(registry);

        DisruptionMetrics.AbandonCauses.Should().NotBeEmpty();
        DisruptionMetrics.OrphanKinds.Should().NotBeEmpty();
        foreach (var cause in DisruptionMetrics.AbandonCauses)
        {
            text.Should().Contain($"schedext_disruption_actions_abandoned_total{{cause=\"{cause}\"}} 0");
        }

        foreach (var kind in DisruptionMetrics.OrphanKinds)
        {
            text.Should().Contain($"schedext_disruption_orphans_collected_total{{kind=\"{kind}\"}} 0");
        }
    }

    [Fact]
    public async Task Reports_actions_savings_reclaims_evictions_and_orphans_with_bounded_labels()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new DisruptionMetrics(registry);

        metrics.ActionStarted("empty", "delete", 2, 1.5);
        metrics.ActionStarted("underutilized", "replace", 1, 0.25);
        metrics.ActionStarted("drifted", "replace", 1, -0.1);
        metrics.SpotReclaimHandled();
        metrics.Eviction("evicted");
        metrics.Eviction("evicted");
        metrics.Eviction("blocked");
        metrics.Eviction("deleted");
        metrics.ActionAbandoned("replacement_failed");
        metrics.OrphanCollected("instance");
        metrics.NodeTerminated();
        var text = await ExportAsync(registry);

        text.Should().Contain("schedext_disruption_actions_total{reason=\"empty\",method=\"delete\"} 1")
            .And.Contain("schedext_disruption_actions_total{reason=\"underutilized\",method=\"replace\"} 1")
            .And.Contain("schedext_disruption_nodes_total{reason=\"empty\"} 2")
            .And.Contain("schedext_disruption_hourly_saving_cny_total{reason=\"empty\"} 1.5")
            .And.Contain("schedext_disruption_hourly_saving_cny_total{reason=\"underutilized\"} 0.25")
            .And.NotContain("schedext_disruption_hourly_saving_cny_total{reason=\"drifted\"}", "a replacement that costs more saves nothing")
            .And.Contain("schedext_disruption_spot_reclaims_total 1")
            .And.Contain("schedext_disruption_evictions_total{outcome=\"evicted\"} 2")
            .And.Contain("schedext_disruption_evictions_total{outcome=\"blocked\"} 1")
            .And.Contain("schedext_disruption_evictions_total{outcome=\"deleted\"} 1")
            .And.Contain("schedext_disruption_actions_abandoned_total{cause=\"replacement_failed\"} 1")
            .And.Contain("schedext_disruption_orphans_collected_total{kind=\"instance\"} 1")
            .And.Contain("schedext_disruption_nodes_terminated_total 1");
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
