using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// The demo's live view: node claims with the columns of the article's <c>kubectl get nodeclaims</c>
/// (AGE left out: it would change every refresh), and each job's progress. No clock: equal states give equal lines.
/// </summary>
public static class DemoLiveView
{
    public static IEnumerable<string> NodeClaims(IReadOnlyList<NodeClaimResource> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        yield return $"{"NAME",-28} {"TYPE",-18} {"CAPACITY",-10} {"ZONE",-15} {"NODE",-28} READY";
        foreach (var claim in claims.OrderBy(c => c.CreatedAt).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var ready = claim.Deleting ? "Deleting" : claim.IsTrue(NodeClaimCondition.Initialized) ? "True" : "Unknown";
            yield return $"{claim.Name,-28} {Label(claim, "node.kubernetes.io/instance-type"),-18} {Label(claim, "karpenter.sh/capacity-type"),-10} "
                + $"{Label(claim, "topology.kubernetes.io/zone"),-15} {claim.NodeName ?? "",-28} {ready}";
        }
    }

    public static IEnumerable<string> Applications(IReadOnlyList<SparkApplicationSnapshot> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        foreach (var app in applications)
        {
            // 10% steps: the view is reprinted only when something visible changed.
            yield return $"{app.Name} {app.State}: driver on {app.DriverNode ?? "-"}, executors running {app.ExecutorsRunning}/{app.ExecutorsWanted}, "
                + $"work {Math.Floor(app.Progress * 10) * 10:F0}% of {app.WorkTotal:F0} executor-seconds";
        }
    }

    private static string Label(NodeClaimResource claim, string key) => claim.Labels.GetValueOrDefault(key) ?? "";
}
