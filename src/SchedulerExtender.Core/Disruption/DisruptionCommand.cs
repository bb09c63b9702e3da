using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A voluntary disruption decided by the planner, as data: launch <see cref="Replacements"/>
/// first (for consolidation one claim whose candidates are all cheaper than the nodes), then
/// terminate <see cref="Nodes"/>. <see cref="SavingPerHour"/> is the nodes' price minus the
/// replacements' first candidates (negative is possible for drift and expiry). Run it only after <see cref="Validate"/> confirms it again on a
/// snapshot taken no earlier than <see cref="ValidateAfter"/>.
/// </summary>
public sealed record DisruptionCommand(
    DisruptionReason Reason,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<NodeClaimPlan> Replacements,
    double SavingPerHour,
    string Explanation,
    DateTimeOffset DecidedAt,
    DateTimeOffset ValidateAfter)
{
    public bool IsDelete => Replacements.Count == 0;

    public override string ToString() =>
        $"{(IsDelete ? "delete" : "replace")} {string.Join(",", Nodes)} ({Reason}): {Explanation}";
}
