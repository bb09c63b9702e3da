namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>An extender call failed (transport, timeout, HTTP status, bad body) or returned an Error.</summary>
public sealed class SchedulerExtenderException : Exception
{
    public SchedulerExtenderException()
    {
    }

    public SchedulerExtenderException(string message)
        : base(message)
    {
    }

    public SchedulerExtenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
