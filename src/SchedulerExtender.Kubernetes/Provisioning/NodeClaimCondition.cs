namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>A NodeClaim status condition (Launched, Registered, Initialized, Ready): status True, False or Unknown.</summary>
public sealed record NodeClaimCondition(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime)
{
    public const string Launched = "Launched";
    public const string Registered = "Registered";
    public const string Initialized = "Initialized";
    public const string Ready = "Ready";

    public bool IsTrue => Status == "True";
}
