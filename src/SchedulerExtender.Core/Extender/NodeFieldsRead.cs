using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Core.Extender;

/// <summary>
/// The node labels, annotations and condition types <see cref="NodeFilter"/> and
/// <see cref="NodeScorer"/> read — and so all a parser must keep. Change together with them.
/// </summary>
public static class NodeFieldsRead
{
    public static IReadOnlyList<string> LabelKeys(SpotNodeRule spotRule) =>
        [NodeLabels.InstanceType, NodeLabels.InstanceTypeBeta, NodeLabels.Zone, NodeLabels.ZoneBeta, spotRule.CapacityTypeLabel];

    public static IReadOnlyList<string> AnnotationKeys { get; } = [NodeFilter.ReclaimAnnotation];

    public static IReadOnlyList<string> ConditionTypes { get; } = [NodeFilter.ReclaimConditionType];
}
