namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// Disruption progress kept on the NodeClaims themselves, so that a restarted controller resumes a
/// replacement wait or a drain deadline where the previous one left it.
/// </summary>
public static class DisruptionAnnotations
{
    /// <summary>
    /// On a claim a replace command takes away: the replacement claims (comma-separated) that must
    /// be initialized before its node is tainted and drained. Removed when the command is abandoned.
    /// </summary>
    public const string AwaitingReplacements = "schedext.io/awaiting-replacements";

    /// <summary>On a claim awaiting replacements: when the command ran (round-trip "O" format), for <see cref="DisruptionSettings.ReplacementTimeout"/>.</summary>
    public const string ReplacementsRequestedAt = "schedext.io/replacements-requested-at";

    /// <summary>On a replacement claim: the claims it replaces (comma-separated), for people and tests reading the cluster.</summary>
    public const string ReplacementFor = "schedext.io/replacement-for";

    /// <summary>On a claim whose node drains: when the drain began, from which the pool's terminationGracePeriod counts.</summary>
    public const string DrainStartedAt = "schedext.io/drain-started-at";
}
