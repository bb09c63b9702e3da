namespace SchedulerExtender.Core.Extender;

/// <summary>
/// Decides what the filter demands of nodes for a pod, from its Spark role and executor policy.
/// TEMPORARY rules until Core/Spark and Core/Placement land on main; then this delegates to them.
/// </summary>
public static class SparkGuards
{
    public const string RoleLabel = "spark-role";
    public const string AppSelectorLabel = "spark-app-selector";
    public const string PolicyAnnotation = "schedext.io/executor-policy";
    public const string MutateAnnotation = "schedext.io/mutate";

    /// <summary>The guard for <paramref name="pod"/>; <paramref name="defaultExecutorPolicy"/> applies when the pod names none.</summary>
    public static SparkGuard For(SchedulingPod pod, string defaultExecutorPolicy)
    {
        if (!pod.Labels.ContainsKey(AppSelectorLabel) && !pod.Labels.ContainsKey(RoleLabel))
        {
            return SparkGuard.None;
        }

        if (pod.Annotations.TryGetValue(MutateAnnotation, out var mutate) && string.Equals(mutate, "false", StringComparison.OrdinalIgnoreCase))
        {
            return SparkGuard.None;
        }

        pod.Labels.TryGetValue(RoleLabel, out var role);
        return role switch
        {
            "driver" => SparkGuard.OnDemandOnly,
            "executor" => (pod.Annotations.TryGetValue(PolicyAnnotation, out var policy) ? policy : defaultExecutorPolicy) == "spot"
                ? SparkGuard.SpotOnly
                : SparkGuard.AnyCapacity,
            _ => SparkGuard.AnyCapacity,
        };
    }
}
