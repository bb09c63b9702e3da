using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// One instance type a node claim may launch, with the offering to try for it and its expected
/// hourly cost (the price raised by the interruption risk for spot, plus the per-node cost of
/// <see cref="SolverOptions.NodeCostPerHour"/>).
/// </summary>
public sealed record LaunchCandidate(string InstanceType, Offering Offering, double ExpectedCostPerHour);
