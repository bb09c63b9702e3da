namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// When to stop collecting pending pods and plan: after <see cref="Idle"/> without a new pod, or
/// <see cref="Max"/> after the first, whichever comes first (Karpenter's batching: a Spark
/// application's executors arrive over a second or two, and planning them together packs them
/// onto fewer, larger nodes; the cap keeps a steady trickle of pods from postponing every plan).
/// </summary>
public sealed record BatchWindow(TimeSpan Idle, TimeSpan Max)
{
    public static BatchWindow Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>Flush now, or wait that long before asking again.</summary>
    public BatchDecision Decide(DateTimeOffset firstArrival, DateTimeOffset lastArrival, DateTimeOffset now)
    {
        if (lastArrival < firstArrival)
        {
            throw new ArgumentException($"The last arrival ({lastArrival:o}) is before the first ({firstArrival:o}).", nameof(lastArrival));
        }

        var untilIdle = lastArrival + Idle - now;
        var untilMax = firstArrival + Max - now;
        var wait = untilIdle < untilMax ? untilIdle : untilMax;
        return wait <= TimeSpan.Zero ? BatchDecision.FlushNow : new BatchDecision(false, wait);
    }
}
