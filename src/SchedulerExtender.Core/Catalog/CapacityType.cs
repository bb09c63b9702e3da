namespace SchedulerExtender.Core.Catalog;

/// <summary>How an ECS instance is bought. Label values follow Karpenter's <c>karpenter.sh/capacity-type</c>.</summary>
public enum CapacityType
{
    OnDemand,
    Spot,
}
