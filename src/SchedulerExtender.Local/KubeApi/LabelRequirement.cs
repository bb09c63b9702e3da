namespace SchedulerExtender.Local.KubeApi;

/// <summary>One requirement of a <see cref="LabelSelector"/>.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.In => present && Values.Contains(value!),
            // As in Kubernetes, "key!=v" and "key notin (v)" also match objects without the label.
            LabelOperator.NotIn => !present || !Values.Contains(value!),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            _ => false,
        };
    }
}
