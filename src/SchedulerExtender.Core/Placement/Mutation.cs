using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Placement;

/// <summary>
/// The webhook's answer for one pod, as data: the patch (empty when nothing changes), warnings
/// for the user, and a summary that is also written to the pod's <c>schedext.io/mutation</c>.
/// </summary>
public sealed record Mutation(
    SparkRole Role,
    MutationOutcome Outcome,
    IReadOnlyList<JsonPatchOperation> Patch,
    IReadOnlyList<string> Warnings,
    string Summary)
{
    public static Mutation Unchanged(SparkRole role, MutationOutcome outcome, string summary, IReadOnlyList<string>? warnings = null) =>
        new(role, outcome, [], warnings ?? [], summary);
}
