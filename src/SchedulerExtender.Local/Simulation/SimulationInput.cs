using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Local.Simulation.Workloads;

namespace SchedulerExtender.Local.Simulation;

/// <summary>What one simulation replays: a workload, against a region's prices, with the NodePool / ECSNodeClass configuration.</summary>
public sealed record SimulationInput(
    Workload Workload,
    InstanceCatalog Catalog,
    string Region,
    ProvisioningConfig Config,
    SimulationOptions Options);
