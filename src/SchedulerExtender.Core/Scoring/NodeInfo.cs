using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// What the extender needs to know about a node: its labels (instance type, zone, capacity type),
/// annotations, taints, conditions and allocatable resources (null when the node reports none,
/// e.g. while it registers).
/// </summary>
public sealed record NodeInfo(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<NodeTaint> Taints,
    IReadOnlyList<NodeCondition> Conditions,
    ResourceAmounts? Allocatable)
{
    private static readonly IReadOnlyDictionary<string, string> NoEntries = new Dictionary<string, string>();

    /// <summary>A node with only a name and the given labels; the rest empty.</summary>
    public static NodeInfo Named(string name, IReadOnlyDictionary<string, string>? labels = null, ResourceAmounts? allocatable = null) =>
        new(name, labels ?? NoEntries, NoEntries, [], [], allocatable);

    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;
}
