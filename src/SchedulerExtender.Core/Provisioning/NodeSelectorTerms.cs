using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// ORed node-selector terms (each a <see cref="RequirementSet"/>) combined as kube-scheduler reads
/// them: a node must meet one term of each list, so two lists combine into their cross product.
/// </summary>
internal static class NodeSelectorTerms
{
    /// <summary>Every satisfiable pairwise intersection of <paramref name="left"/> and <paramref name="right"/>, without repeats; empty when none can hold.</summary>
    public static List<RequirementSet> Cross(IReadOnlyList<RequirementSet> left, IReadOnlyList<RequirementSet> right)
    {
        var result = new List<RequirementSet>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                var both = l.Intersect(r);
                if (IsSatisfiable(both) && seen.Add(both.ToString()))
                {
                    result.Add(both);
                }
            }
        }

        return result;
    }

    public static bool IsSatisfiable(RequirementSet set) => set.Requirements.All(r => !r.IsUnsatisfiable);
}
