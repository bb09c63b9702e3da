namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// Faults the emulator injects, drawn from its seeded random source (so a seed replays the same
/// faults for the same request sequence). Rates are probabilities per request, 0..1.
/// </summary>
public sealed record EcsEmulatorFaults
{
    public static EcsEmulatorFaults None { get; } = new();

    /// <summary>Requests answered with Throttling.User (HTTP 400) before doing anything.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>
    /// Requests answered with ServiceUnavailable (503) or InternalError (500). For RunInstances half of
    /// these happen after the instance was created — a lost response, which only a ClientToken makes safe.
    /// </summary>
    public double ServerErrorRate { get; init; }

    /// <summary>RunInstances calls answered with OperationDenied.NoStock whatever the stock.</summary>
    public double StockOutRate { get; init; }

    /// <summary>Delay before each answer, on the emulator's clock.</summary>
    public TimeSpan Latency { get; init; }

    internal void Validate()
    {
        foreach (var (name, rate) in new[] { (nameof(ThrottleRate), ThrottleRate), (nameof(ServerErrorRate), ServerErrorRate), (nameof(StockOutRate), StockOutRate) })
        {
            if (double.IsNaN(rate) || rate is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(name, rate, "A fault rate is a probability between 0 and 1.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero);
    }
}
