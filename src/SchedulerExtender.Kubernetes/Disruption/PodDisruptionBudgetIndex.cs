using k8s.Models;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// Which pods a PodDisruptionBudget would not let go right now, for the planner (Karpenter skips a
/// candidate whose pods' budgets allow no disruption, rather than taint it and wait). A budget's
/// <c>status.disruptionsAllowed</c> is used when the API server's disruption controller wrote it
/// (<c>status.observedGeneration</c> set); otherwise it is worked out from the spec and the pods
/// it selects as that controller does: healthy pods (Running, not terminating) minus those that
/// must stay (minAvailable, or selected minus maxUnavailable; percentages of the selected pods,
/// rounded up).
/// </summary>
public sealed class PodDisruptionBudgetIndex
{
    private readonly List<(V1PodDisruptionBudget Budget, bool AllowsNone)> _budgets;

    public PodDisruptionBudgetIndex(IEnumerable<V1PodDisruptionBudget> budgets, IReadOnlyCollection<V1Pod> pods)
    {
        _budgets = [.. budgets.Select(b => (b, DisruptionsAllowed(b, pods) <= 0))];
    }

    public static PodDisruptionBudgetIndex Empty { get; } = new([], []);

    /// <summary>"namespace/name" of a budget that selects the pod and allows no disruption now, or null.</summary>
    public string? BlockingBudgetOf(V1Pod pod) =>
        _budgets.Where(b => b.AllowsNone && Selects(b.Budget, pod))
            .Select(b => $"{b.Budget.Metadata.NamespaceProperty}/{b.Budget.Metadata.Name}")
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

    private static int DisruptionsAllowed(V1PodDisruptionBudget budget, IReadOnlyCollection<V1Pod> pods)
    {
        if (budget.Status is { ObservedGeneration: not null, DisruptionsAllowed: { } allowed })
        {
            return allowed;
        }

        var selected = pods.Where(p => !DisruptionSnapshotBuilder.IsTerminal(p) && Selects(budget, p)).ToList();
        var healthy = selected.Count(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null);
        int desired;
        if (budget.Spec?.MaxUnavailable is { } maxUnavailable)
        {
            desired = Math.Max(0, selected.Count - Scaled(maxUnavailable, selected.Count));
        }
        else if (budget.Spec?.MinAvailable is { } minAvailable)
        {
            desired = Scaled(minAvailable, selected.Count);
        }
        else
        {
            return int.MaxValue; // neither field: policy/v1 allows every disruption
        }

        return healthy - desired;
    }

    private static int Scaled(IntOrString value, int total)
    {
        var text = value.Value ?? "0";
        return text.EndsWith('%') && int.TryParse(text[..^1], out var percent)
            ? (int)Math.Ceiling(total * percent / 100.0)
            : int.TryParse(text, out var count) ? count : 0;
    }

    private static bool Selects(V1PodDisruptionBudget budget, V1Pod pod)
    {
        if (budget.Metadata.NamespaceProperty != pod.Metadata.NamespaceProperty || budget.Spec?.Selector is not { } selector)
        {
            return false; // a budget without selector selects nothing (policy/v1)
        }

        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        if (selector.MatchLabels?.Any(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value) == true)
        {
            return false;
        }

        return selector.MatchExpressions?.All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && (e.Values?.Contains(v) ?? false),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values?.Contains(v) ?? false),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        }) ?? true;
    }
}
