using System.Globalization;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// Why a pod fits nowhere, node by node, and the message kube-scheduler writes into the
/// PodScheduled=False condition: "0/3 nodes are available: 1 node(s) were unschedulable, 2
/// Insufficient cpu." — each reason with the number of nodes giving it, sorted as strings.
/// </summary>
public sealed class FitDiagnosis
{
    private readonly Dictionary<string, IReadOnlyList<string>> _reasonsByNode = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReasonsByNode => _reasonsByNode;

    public void Reject(string node, IReadOnlyList<string> reasons) => _reasonsByNode[node] = reasons;

    public string Message(int totalNodes)
    {
        var counts = _reasonsByNode.Values.SelectMany(r => r)
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"))
            .Order(StringComparer.Ordinal);
        var text = string.Create(CultureInfo.InvariantCulture, $"0/{totalNodes} nodes are available");
        return _reasonsByNode.Count == 0 ? text + "." : $"{text}: {string.Join(", ", counts)}.";
    }
}
