using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Preferred node affinity as Karpenter plans it: a preference counts as required until the pod
/// cannot be placed with it, then the next one is tried, then none. kube-scheduler only prefers;
/// but a node launched for a pod decides where it runs, so launching what the pod prefers —
/// a spot node for an executor of the <c>prefer-spot</c> policy — is what its author asked for.
/// </summary>
internal static class PodPreferences
{
    /// <summary>
    /// The pod with the first preference from index <paramref name="from"/> on that its required
    /// terms allow made required, and that preference's index; the pod as it is and the number
    /// of preferences when none is left.
    /// </summary>
    public static (PendingPod Pod, int Used) Apply(PendingPod pod, int from)
    {
        var preferences = pod.Preferences ?? [];
        IReadOnlyList<RequirementSet> required = pod.RequirementTerms.Count == 0 ? [RequirementSet.Empty] : pod.RequirementTerms;
        for (var i = from; i < preferences.Count; i++)
        {
            // A preference that contradicts every required term can never be met: skip it.
            var crossed = NodeSelectorTerms.Cross(required, [preferences[i]]);
            if (crossed.Count > 0)
            {
                return (pod.NarrowedTo(crossed), i);
            }
        }

        return (pod, preferences.Count);
    }
}
