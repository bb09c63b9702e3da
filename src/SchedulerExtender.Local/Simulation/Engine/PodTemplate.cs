using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// What every pod of one shape and role shares once admitted: its requests, its required
/// node-affinity terms and tolerations. <see cref="TermsId"/> numbers distinct term lists, so
/// nodes cache whether they match.
/// </summary>
internal sealed record PodTemplate(
    SparkRole Role,
    ResourceAmounts Requests,
    IReadOnlyList<RequirementSet> Terms,
    IReadOnlyList<PodToleration> Tolerations,
    int TermsId)
{
    /// <summary>A node with these labels satisfies the pod: no terms, or any one term.</summary>
    public bool Allows(IReadOnlyDictionary<string, string> labels) => Terms.Count == 0 || Terms.Any(t => t.Matches(labels));
}
