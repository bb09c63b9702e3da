namespace SchedulerExtender.Core.Provisioning;

/// <summary>How one NodeClaim of a pool ended its way into the cluster: its Node joined, or it was given up (never joined in time, or the launch itself was refused for a reason other than capacity), with what was said.</summary>
public sealed record RegistrationOutcome(string NodeClaim, bool Registered, string Message, DateTimeOffset At);
