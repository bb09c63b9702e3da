using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Tuning of the solver. The interruption penalty prices spot risk: expected cost per hour =
/// price × (1 + interruption rate per hour × <see cref="RestartCostHours"/>), i.e. each reclaim
/// costs that many node-hours of lost and redone work. Alibaba publishes no per-type reclaim
/// rate, so offerings without one use <see cref="DefaultInterruptionRatePerHour"/> (2 %/h: one
/// reclaim per ~50 node-hours, an assumption to tune against observed reclaims). Every new node
/// also costs <see cref="NodeCostPerHour"/> besides its instance, so a node's expected cost is
/// price × risk multiplier + node cost, and the cost per pod divides that by the pods it hosts.
/// </summary>
public sealed record SolverOptions
{
    public static SolverOptions Default { get; } = new();

    public double DefaultInterruptionRatePerHour { get; init; } = 0.02;

    public double RestartCostHours { get; init; } = 2.0;

    /// <summary>Instance types listed per node claim (more when a NodePool's minValues asks for more).</summary>
    public int MaxCandidates { get; init; } = 8;

    /// <summary>Drivers never go on spot, even when nothing in the pod says so (the webhook may be off).</summary>
    public bool DriversAvoidSpot { get; init; } = true;

    /// <summary>How many whole-node options are compared for a group before packing it.</summary>
    public int OptionsCompared { get; init; } = 6;

    public NodeReservation Reservation { get; init; } = NodeReservation.Ack;

    /// <summary>
    /// CNY per hour every new node costs besides its instance (its system disk): without it,
    /// one tiny node per pod looks as cheap as packing them. Zero unless set or derived from an
    /// ECSNodeClass by <see cref="WithNodeClass"/>.
    /// </summary>
    public double NodeCostPerHour { get; init; }

    /// <summary>These options with <see cref="NodeCostPerHour"/> derived from the node class's system disk (zero without one).</summary>
    public SolverOptions WithNodeClass(EcsNodeClass? nodeClass) =>
        this with { NodeCostPerHour = SystemDiskPrices.PerNodeHour(nodeClass?.SystemDisk) };

    public double RiskMultiplier(double? interruptionRatePerHour) =>
        1 + ((interruptionRatePerHour ?? DefaultInterruptionRatePerHour) * RestartCostHours);
}
