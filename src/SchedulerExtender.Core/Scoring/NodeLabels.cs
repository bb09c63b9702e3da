namespace SchedulerExtender.Core.Scoring;

/// <summary>Well-known node labels the scorer prices nodes by (with their deprecated beta spellings).</summary>
public static class NodeLabels
{
    public const string InstanceType = "node.kubernetes.io/instance-type";
    public const string InstanceTypeBeta = "beta.kubernetes.io/instance-type";
    public const string Zone = "topology.kubernetes.io/zone";
    public const string ZoneBeta = "failure-domain.beta.kubernetes.io/zone";

    public static string? InstanceTypeOf(NodeInfo node) => node.Label(InstanceType) ?? node.Label(InstanceTypeBeta);

    public static string? ZoneOf(NodeInfo node) => node.Label(Zone) ?? node.Label(ZoneBeta);
}
