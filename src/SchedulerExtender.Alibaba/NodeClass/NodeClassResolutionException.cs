namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>The selectors match nothing usable (or are malformed); the message says which and where.</summary>
public sealed class NodeClassResolutionException : Exception
{
    public NodeClassResolutionException(NodeClassResolutionFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public NodeClassResolutionException()
        : this(NodeClassResolutionFailure.InvalidSelector, "The node class could not be resolved.")
    {
    }

    public NodeClassResolutionException(string message)
        : this(NodeClassResolutionFailure.InvalidSelector, message)
    {
    }

    public NodeClassResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = NodeClassResolutionFailure.InvalidSelector;
    }

    public NodeClassResolutionFailure Failure { get; }
}
