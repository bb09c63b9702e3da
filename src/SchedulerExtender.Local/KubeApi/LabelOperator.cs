namespace SchedulerExtender.Local.KubeApi;

/// <summary>The operators of label selectors ("=" and "==" are In with one value, "!=" is NotIn).</summary>
public enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
