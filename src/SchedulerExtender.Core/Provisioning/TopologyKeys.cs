namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The topology keys the solver understands in pod (anti-)affinity and topology spread
/// constraints. Constraints on any other key are kept off the plan: the solver packs such pods as
/// if the constraint were not there, and kube-scheduler enforces it on the nodes that launch.
/// </summary>
public static class TopologyKeys
{
    /// <summary>One domain per node: a new claim is a domain of its own.</summary>
    public const string Hostname = "kubernetes.io/hostname";

    /// <summary>One domain per zone.</summary>
    public const string Zone = "topology.kubernetes.io/zone";
}
