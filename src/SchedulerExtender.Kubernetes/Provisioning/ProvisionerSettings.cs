using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>Timing of the provisioner (the host binds them from the <c>Provisioner</c> options section).</summary>
public sealed record ProvisionerSettings
{
    /// <summary>
    /// The default bound on launches in flight at once. A launch is a handful of calls (ECS
    /// DescribeInstances + RunInstances, two NodeClaim patches and an Event), so ten at once keep a
    /// burst well inside ECS's per-account flow control (Throttling.User) and the API server's
    /// client limits, while a 20-node Spark burst starts in two rounds instead of twenty.
    /// </summary>
    public const int DefaultMaxParallelLaunches = 10;

    public BatchWindow Batch { get; init; } = BatchWindow.Default;

    public TimeSpan NoStockTtl { get; init; } = NoStockMemory.DefaultTtl;

    public TimeSpan RegistrationTimeout { get; init; } = NodeClaimLifecycle.DefaultRegistrationTimeout;

    /// <summary>How often claims are reconciled and the batch window checked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SolverOptions Solver { get; init; } = SolverOptions.Default;

    /// <summary>
    /// NodeClaims created and launched at once (new claims of one batch, and claims a pass finds
    /// not yet launched). Positive: <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
    /// rejects 0 and would read -1 as the processor count, a bound nobody chose.
    /// </summary>
    public int MaxParallelLaunches
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxParallelLaunches), value, "At least one launch must be allowed at a time.");
    } = DefaultMaxParallelLaunches;
}
