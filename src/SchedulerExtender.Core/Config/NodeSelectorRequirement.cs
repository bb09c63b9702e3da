namespace SchedulerExtender.Core.Config;

/// <summary>
/// One requirement as written in a NodePool or a pod's node affinity. <paramref name="MinValues"/>
/// (NodePool only) asks for at least that many distinct values of the key among the instance
/// types a node claim may launch, so one stock-out cannot block it.
/// </summary>
public sealed record NodeSelectorRequirement(string Key, RequirementOperator Operator, IReadOnlyList<string> Values, int? MinValues = null)
{
    public static NodeSelectorRequirement In(string key, params string[] values) => new(key, RequirementOperator.In, values);

    public static NodeSelectorRequirement NotIn(string key, params string[] values) => new(key, RequirementOperator.NotIn, values);
}
