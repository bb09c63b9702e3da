namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>What the disruption controller reports (the host exports it as <c>schedext_disruption_*</c>).</summary>
public interface IDisruptionMetrics
{
    /// <summary>A validated voluntary command started: <paramref name="reason"/> (empty, underutilized, …) and method (delete or replace), saving per hour; or a node repair (unhealthy, delete, the node's price).</summary>
    void ActionStarted(string reason, string method, int nodes, double savingPerHour);

    /// <summary>A replace command given up before its node was touched: <paramref name="cause"/> is replacement_failed (launch error, registration timeout) or replacement_timeout.</summary>
    void ActionAbandoned(string cause);

    /// <summary>A spot reclaim notice was answered (taint, replacement, evictions).</summary>
    void SpotReclaimHandled();

    /// <summary>One eviction request: evicted, blocked (429 from a PodDisruptionBudget), gone, or error; or <c>deleted</c>, a pod deleted without eviction because the drain deadline (terminationGracePeriod) is near.</summary>
    void Eviction(string outcome);

    /// <summary>An orphan was collected: an <c>instance</c> without a claim, or a <c>nodeclaim</c> without an instance.</summary>
    void OrphanCollected(string kind);

    /// <summary>A node finished terminating: instance released, Node and NodeClaim removed.</summary>
    void NodeTerminated();
}
