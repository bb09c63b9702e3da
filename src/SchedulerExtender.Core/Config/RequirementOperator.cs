namespace SchedulerExtender.Core.Config;

/// <summary>The operators of a core/v1 NodeSelectorRequirement, which Karpenter's requirements share.</summary>
public enum RequirementOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}
