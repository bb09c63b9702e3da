namespace SchedulerExtender.Core.Config;

/// <summary>Which nodes Karpenter's disruption may consolidate.</summary>
public enum ConsolidationPolicy
{
    WhenEmpty,
    WhenEmptyOrUnderutilized,
}
