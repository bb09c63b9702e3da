namespace SchedulerExtender.Core.Config;

/// <summary>
/// The node labels the solver knows the value of before a node exists: Kubernetes' and
/// Karpenter's well-known labels and the Alibaba Cloud provider's instance labels.
/// </summary>
public static class WellKnownLabels
{
    public const string InstanceType = "node.kubernetes.io/instance-type";
    public const string Arch = "kubernetes.io/arch";
    public const string Os = "kubernetes.io/os";
    public const string Zone = "topology.kubernetes.io/zone";
    public const string CapacityType = "karpenter.sh/capacity-type";
    public const string NodePool = "karpenter.sh/nodepool";
    public const string InstanceFamily = "karpenter.k8s.alibabacloud/instance-family";
    public const string InstanceCpu = "karpenter.k8s.alibabacloud/instance-cpu";
    public const string InstanceMemory = "karpenter.k8s.alibabacloud/instance-memory";

    /// <summary>Labels whose value depends on the instance type or offering chosen, not on the pool.</summary>
    public static bool IsDecidedAtLaunch(string key) => key is InstanceType or Arch or Os or Zone or CapacityType
        or InstanceFamily or InstanceCpu or InstanceMemory;
}
