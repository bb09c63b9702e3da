namespace SchedulerExtender.Local.KubeApi;

/// <summary>A request the embedded API refuses; <see cref="Status"/> is the body it answers with.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(KubeStatus status)
        : base(status.ToString()) => Status = status;

    public KubeApiException()
        : this(KubeStatus.InternalError("unknown"))
    {
    }

    public KubeApiException(string message)
        : this(KubeStatus.InternalError(message))
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException) => Status = KubeStatus.InternalError(message);

    public KubeStatus Status { get; }

    public int Code => Status.Code;
}
