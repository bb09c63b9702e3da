namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A status condition of a NodePool or ECSNodeClass, shaped as Kubernetes' <c>metav1.Condition</c>
/// (what Karpenter writes): status True, False or Unknown, a CamelCase reason, a message, when the
/// status last changed and the object generation it describes.
/// </summary>
public sealed record StatusCondition(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime, long? ObservedGeneration)
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>Status messages are shown by <c>kubectl describe</c>; a long error is cut rather than bloating the object.</summary>
    public const int MaxMessageLength = 1024;

    public bool IsTrue => Status == True;

    /// <summary>
    /// <paramref name="desired"/> (whose <see cref="LastTransitionTime"/> is now) against the
    /// conditions the object has: a condition whose status did not change keeps its transition time,
    /// so the time says since when a pool has been (not) ready, not when we last looked.
    /// </summary>
    public static IReadOnlyList<StatusCondition> Carry(IReadOnlyList<StatusCondition> previous, IEnumerable<StatusCondition> desired) =>
        [.. desired.Select(d => previous.FirstOrDefault(p => p.Type == d.Type) is { } p && p.Status == d.Status
            ? d with { LastTransitionTime = p.LastTransitionTime }
            : d)];

    /// <summary>A condition with its message cut to <see cref="MaxMessageLength"/>.</summary>
    public static StatusCondition Of(string type, string status, string reason, string message, DateTimeOffset now, long? generation) =>
        new(type, status, reason, message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 3), "..."), now, generation);
}
