using System.Globalization;
using SchedulerExtender.Kubernetes.Provisioning;

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

    /// <summary>
    /// On a claim whose replace command was abandoned: when (round-trip "O" format, UTC). The
    /// planner does not replace its node again within its back-off (<c>DisruptionOptions.BackoffAfter</c>
    /// the <see cref="ReplaceAbandons"/>), so a lasting stock-out or a bad image does not cost a
    /// failed launch every pass; kept in the cluster so a restarted controller keeps backing off.
    /// Overwritten by the next abandon.
    /// </summary>
    public const string ReplaceAbandonedAt = "schedext.io/disruption-abandoned-at";

    /// <summary>On a claim whose replace command was abandoned: how many times (a decimal count), for a back-off that grows.</summary>
    public const string ReplaceAbandons = "schedext.io/disruption-abandons";

    /// <summary>
    /// The claim's count of abandoned replaces: the annotation's, or 1 when only the time is there
    /// (stamped before the count was kept) or the count cannot be read; 0 when never abandoned.
    /// </summary>
    public static int AbandonsOf(NodeClaimResource claim) =>
        !claim.Annotations.ContainsKey(ReplaceAbandonedAt) ? 0
        : claim.Annotations.TryGetValue(ReplaceAbandons, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count
        : 1;

    /// <summary>
    /// Set by a user on the NodeClaim of a node schedext did not launch (Karpenter's, after a
    /// take-over), value <c>"true"</c>: retire it as a drifted node (<see cref="Core.Disruption.NodeRetirement"/>).
    /// Ignored on schedext's own claims.
    /// </summary>
    public const string Retire = "schedext.io/retire";

    /// <summary>On a claim whose node drains: when the drain began, from which the pool's terminationGracePeriod counts.</summary>
    public const string DrainStartedAt = "schedext.io/drain-started-at";

    /// <summary>How a time is stored in these annotations (UTC, round-trip "O"), as <see cref="TimeOf"/> reads it.</summary>
    public static string TimeText(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The time stored in <paramref name="annotation"/> on <paramref name="claim"/>; null when absent or not a round-trip time.</summary>
    public static DateTimeOffset? TimeOf(NodeClaimResource claim, string annotation)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.Annotations.TryGetValue(annotation, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
    }
}
