namespace SchedulerExtender.Core.Provisioning;

/// <summary>A lifecycle decision with its reason in words, and the Node it concerns when there is one.</summary>
public sealed record NodeClaimDecision(NodeClaimAction Action, string Reason, string? NodeName = null);
