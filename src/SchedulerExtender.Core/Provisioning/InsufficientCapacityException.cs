namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The cloud had no stock for the offerings tried (ECS OperationDenied.NoStock, Zone.NotOnSale,
/// InstanceType.Offline, …). The provisioner marks them unavailable for a while and tries others.
/// </summary>
public sealed class InsufficientCapacityException : Exception
{
    public InsufficientCapacityException(IReadOnlyList<OfferingKey> offerings, string reason)
        : base($"No capacity for {string.Join(", ", offerings)}: {reason}")
    {
        Offerings = offerings;
        Reason = reason;
    }

    public InsufficientCapacityException()
        : this([], "no capacity")
    {
    }

    public InsufficientCapacityException(string message)
        : this([], message)
    {
    }

    public InsufficientCapacityException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offerings = [];
        Reason = message;
    }

    /// <summary>Every offering that was tried and had no stock.</summary>
    public IReadOnlyList<OfferingKey> Offerings { get; }

    public string Reason { get; }
}
