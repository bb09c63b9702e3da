using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Extender;

/// <summary>
/// What the filter demands of nodes for a pod, by the same rules the webhook applies: Spark role
/// from <see cref="SparkPodClassifier"/>, executor policy and opt-out from
/// <see cref="PlacementPolicyResolver"/> (pod annotation, then namespace annotation, then global).
/// The extender is the guard for pods the webhook missed (created while it was down, or before it
/// was installed), so it must never disagree with it.
/// </summary>
public static class SparkGuards
{
    public static SparkGuard For(SchedulingPod pod, INamespaceAnnotations namespaces, ExecutorPolicy globalPolicy)
    {
        var role = SparkPodClassifier.Classify(pod.Labels.GetValueOrDefault);
        if (role == SparkRole.None)
        {
            return SparkGuard.None;
        }

        var decision = PlacementPolicyResolver.Resolve(
            role,
            pod.Annotations.GetValueOrDefault,
            key => namespaces.Get(pod.Namespace, key),
            globalPolicy);
        if (decision.OptedOut)
        {
            return SparkGuard.None;
        }

        return role == SparkRole.Driver ? SparkGuard.OnDemandOnly
            : decision.ExecutorPolicy == ExecutorPolicy.Spot ? SparkGuard.SpotOnly
            : SparkGuard.AnyCapacity;
    }
}
