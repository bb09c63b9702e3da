namespace SchedulerExtender.Core.Extender;

/// <summary>
/// Steers kube-scheduler's preemption away from running Spark drivers. Evicting a driver ends its
/// whole application — every executor goes with it and the work done so far is lost — which costs
/// far more than evicting executors or other pods. Drivers and executors usually share a priority,
/// so kube-scheduler's own ordering of candidates (fewest PDB violations, lowest highest-victim
/// priority, …) does not tell them apart; taking the drivers' nodes out of the candidates does.
/// </summary>
public static class SparkDriverPreemption
{
    /// <summary>Driver names shown per removed node; the rest are counted.</summary>
    public const int DriversNamed = 3;

    /// <summary>
    /// The candidates to take out: those whose victims include a Spark driver, when at least one
    /// other candidate evicts none. When every candidate would evict a driver nothing is taken out:
    /// this rule only chooses among candidates, it never leaves kube-scheduler without one (the
    /// preemptor would stay pending, and kube-scheduler would pick the least bad node anyway).
    /// </summary>
    /// <param name="candidates">The candidates left after the filter, in any order.</param>
    public static IReadOnlyList<NodeRejection> Spare(IReadOnlyList<PreemptionCandidateDrivers> candidates)
    {
        if (!candidates.Any(c => c.Drivers.Count == 0))
        {
            return [];
        }

        return [.. candidates.Where(c => c.Drivers.Count > 0)
            .Select(c => new NodeRejection(c.Node, FilterFailure.EvictsSparkDriver, Message(c.Drivers)))];
    }

    private static string Message(IReadOnlyList<string> drivers)
    {
        var named = string.Join(", ", drivers.Take(DriversNamed));
        var more = drivers.Count > DriversNamed ? $" and {drivers.Count - DriversNamed} more" : "";
        var which = drivers.Count == 1 ? $"the running Spark driver {named}" : $"the running Spark drivers {named}{more}";
        return $"preemption here would evict {which}, ending the whole application; another candidate evicts no Spark driver";
    }
}
