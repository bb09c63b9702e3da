using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Placement;

/// <summary>
/// Resolves the policy for a pod: pod annotation, then namespace annotation, then the global
/// setting — the most specific valid one wins. An invalid annotation value is reported and skipped,
/// never an error: a typo must not block a Spark job.
/// </summary>
public static class PlacementPolicyResolver
{
    public static PlacementDecision Resolve(
        SparkRole role,
        Func<string, string?> podAnnotation,
        Func<string, string?> namespaceAnnotation,
        ExecutorPolicy globalPolicy)
    {
        var warnings = new List<string>();
        var optedOut = IsOptedOut(podAnnotation, namespaceAnnotation);

        var (policy, source) = (globalPolicy, "global");
        if (TryPolicy(podAnnotation, "pod", warnings, out var podPolicy))
        {
            (policy, source) = (podPolicy, "pod");
        }
        else if (TryPolicy(namespaceAnnotation, "namespace", warnings, out var namespacePolicy))
        {
            (policy, source) = (namespacePolicy, "namespace");
        }

        return new PlacementDecision(role, optedOut, policy, source, warnings);
    }

    // A pod's own "true" overrides its namespace's "false": the most specific setting wins.
    private static bool IsOptedOut(Func<string, string?> podAnnotation, Func<string, string?> namespaceAnnotation)
    {
        var value = podAnnotation(SchedextAnnotations.Mutate) ?? namespaceAnnotation(SchedextAnnotations.Mutate);
        return string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryPolicy(Func<string, string?> annotation, string level, List<string> warnings, out ExecutorPolicy policy)
    {
        var value = annotation(SchedextAnnotations.ExecutorPolicy);
        if (value is null)
        {
            policy = default;
            return false;
        }

        if (ExecutorPolicies.TryParse(value, out policy))
        {
            return true;
        }

        warnings.Add($"{level} annotation {SchedextAnnotations.ExecutorPolicy}=\"{Truncate(value)}\" is not spot, prefer-spot or none; ignored");
        return false;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
