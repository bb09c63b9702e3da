namespace SchedulerExtender.Local.KubeApi.Admission;

/// <summary>A webhook could not be called or answered nonsense: the case failurePolicy decides.</summary>
internal sealed class WebhookCallException : Exception
{
    public WebhookCallException(string message)
        : base(message)
    {
    }

    public WebhookCallException()
    {
    }

    public WebhookCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
