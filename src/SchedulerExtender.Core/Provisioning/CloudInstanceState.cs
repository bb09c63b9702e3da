namespace SchedulerExtender.Core.Provisioning;

/// <summary>ECS instance states (DescribeInstances' Status) as the provisioner needs them.</summary>
public enum CloudInstanceState
{
    Pending,
    Starting,
    Running,
    Stopping,
    Stopped,
    /// <summary>A state this code does not know; treat as not ready.</summary>
    Unknown,
}
