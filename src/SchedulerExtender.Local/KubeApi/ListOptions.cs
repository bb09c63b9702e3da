namespace SchedulerExtender.Local.KubeApi;

/// <summary>Query options of list and watch (the subset of meta/v1 ListOptions the embedded API honours).</summary>
public sealed record ListOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    int? Limit = null,
    string? Continue = null,
    string? ResourceVersion = null)
{
    public static ListOptions Everything { get; } = new();
}
