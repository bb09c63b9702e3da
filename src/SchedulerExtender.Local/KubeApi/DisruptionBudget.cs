using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A PodDisruptionBudget evaluated against the pods it selects right now: how many are expected,
/// how many are healthy, and how many must stay healthy (minAvailable / maxUnavailable, an integer
/// or a percentage of the expected pods rounded up, as Kubernetes does).
/// </summary>
internal sealed record DisruptionBudget(string Name, int Expected, int Healthy, int DesiredHealthy)
{
    public static DisruptionBudget Of(JsonObject budget, IEnumerable<JsonObject> podsInNamespace)
    {
        var selector = LabelSelector.FromJson(budget["spec"]?["selector"]) ?? new LabelSelector([]);
        var selected = podsInNamespace.Where(p => !IsTerminal(p) && selector.Matches(p.Labels())).ToList();
        var expected = selected.Count;
        var healthy = selected.Count(IsHealthy);
        var spec = budget["spec"] as JsonObject;
        int desired;
        if (spec?["maxUnavailable"] is { } maxUnavailable)
        {
            desired = Math.Max(0, expected - Scaled(maxUnavailable, expected));
        }
        else if (spec?["minAvailable"] is { } minAvailable)
        {
            desired = Scaled(minAvailable, expected);
        }
        else
        {
            desired = 0; // policy/v1 has no default: a budget with neither field allows every disruption
        }

        return new DisruptionBudget(budget.Name() ?? string.Empty, expected, healthy, desired);
    }

    public static bool IsTerminal(JsonObject pod) => pod.StringAt("status", "phase") is "Succeeded" or "Failed";

    /// <summary>Running, not terminating, and not reported unready.</summary>
    public static bool IsHealthy(JsonObject pod) =>
        pod.StringAt("status", "phase") == "Running" && !pod.IsBeingDeleted() &&
        !(pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "False");

    /// <summary>
    /// Throws 429 TooManyRequests when evicting <paramref name="pod"/> would leave fewer healthy pods
    /// than the budget needs. An unhealthy pod may go while the budget is met (IfHealthyBudget).
    /// </summary>
    public void EnsureEvictable(JsonObject pod)
    {
        var remaining = IsHealthy(pod) ? Healthy - 1 : Healthy;
        if (remaining >= DesiredHealthy)
        {
            return;
        }

        throw new KubeApiException(new KubeStatus(
            429,
            "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.",
            KubeResources.Pods,
            pod.Name(),
            [$"The disruption budget {Name} needs {DesiredHealthy} healthy pods and has {Healthy} currently"],
            "DisruptionBudget"));
    }

    private static int Scaled(JsonNode intOrPercent, int expected)
    {
        var text = intOrPercent is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : intOrPercent.ToJsonString();
        if (text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return (int)Math.Ceiling(percent * expected / 100.0);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new KubeApiException(KubeStatus.InternalError($"invalid value \"{text}\" in a PodDisruptionBudget: expected an integer or a percentage"));
    }
}
