using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Simulators.Scheduling;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Local.Simulators;

/// <summary>The options of the three simulators local mode runs together.</summary>
public sealed record LocalSimulatorsOptions
{
    /// <summary>The schedulers to play; see <see cref="SchedulerProfiles.ForLocalMode"/>.</summary>
    public required IReadOnlyList<SchedulerProfile> Profiles { get; init; }

    public KubeletSimulatorOptions Kubelet { get; init; } = new();

    public SparkApplicationSimulatorOptions Spark { get; init; } = new();

    /// <summary>The scheduler's longest wait between passes (pod and node changes start one at once).</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(1);
}
