namespace SchedulerExtender.Core.Provisioning;

/// <summary>The instance does not exist (any more): for a delete this means "already gone".</summary>
public sealed class InstanceNotFoundException : Exception
{
    public InstanceNotFoundException(string instanceId, string message)
        : base(message)
    {
        InstanceId = instanceId;
    }

    public InstanceNotFoundException()
        : this("", "instance not found")
    {
    }

    public InstanceNotFoundException(string message)
        : this("", message)
    {
    }

    public InstanceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        InstanceId = "";
    }

    public string InstanceId { get; }
}
