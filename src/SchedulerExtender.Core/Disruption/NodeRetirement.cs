namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// Retiring the nodes schedext did not launch (Karpenter's, after a take-over) on request: their
/// NodeClaim is annotated <c>schedext.io/retire: "true"</c>, and the disruption controller takes
/// each the way it takes a drifted node of its own (<see cref="DisruptionReason.Retired"/>: a
/// replacement first when its pods need one, then drain, then the instance, the Node and the
/// claim), under its pool's budgets. Without the request such a node is left alone, as before.
/// </summary>
public static class NodeRetirement
{
    /// <summary>The only annotation value that asks for retirement (as <c>karpenter.sh/do-not-disrupt</c>, exactly "true").</summary>
    public const string RequestedValue = "true";

    /// <summary>What a retirement's events, logs and blocked reasons say it is.</summary>
    public const string Explanation = "retiring a node schedext did not launch (NodeClaim annotated schedext.io/retire)";

    /// <summary>
    /// Whether the node is retired. Only a node whose instance was looked up and found without
    /// schedext's tag (<paramref name="foundUnmanaged"/>) is: on schedext's own nodes the annotation
    /// means nothing (their own lifecycle applies), and a node whose instance lookup had no answer
    /// is not touched that pass — an instance is released only once it was seen. Once its drain
    /// started (<paramref name="drainStarted"/>), removing the annotation no longer stops it: a
    /// node half drained and left so would be worse than either.
    /// </summary>
    /// <param name="annotation">The claim's <c>schedext.io/retire</c> value; null when absent.</param>
    /// <param name="drainStarted">schedext started draining the node (its drain stamp is on the claim).</param>
    /// <param name="foundUnmanaged">The instance exists (looked up by the providerID) and schedext did not launch it.</param>
    public static bool IsRequested(string? annotation, bool drainStarted, bool foundUnmanaged) =>
        foundUnmanaged && (annotation == RequestedValue || drainStarted);
}
