using System.Globalization;
using System.Text;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Pods with identical requests, requirement terms, tolerations and role: Spark's many identical
/// executors are solved once per group, not once per pod.
/// </summary>
internal sealed class PodGroup
{
    private PodGroup(string key, PendingPod first)
    {
        Key = key;
        Requests = first.Requests with { Pods = 1 };
        Terms = first.RequirementTerms.Count == 0 ? [RequirementSet.Empty] : first.RequirementTerms;
        Tolerations = first.Tolerations;
        Role = first.Role;
    }

    public string Key { get; }

    public ResourceAmounts Requests { get; }

    public IReadOnlyList<RequirementSet> Terms { get; }

    public IReadOnlyList<PodToleration> Tolerations { get; }

    public SparkRole Role { get; }

    public List<PodReference> Pods { get; } = [];

    /// <summary>
    /// Groups the pods, in a fixed order: drivers first (an application cannot start without
    /// one), then larger requests first (first-fit decreasing packs tighter), then by key.
    /// Pods inside a group are ordered by namespace and name.
    /// </summary>
    public static List<PodGroup> Build(IReadOnlyList<PendingPod> pods)
    {
        var byKey = new Dictionary<string, PodGroup>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var key = KeyOf(pod);
            if (!byKey.TryGetValue(key, out var group))
            {
                group = new PodGroup(key, pod);
                byKey.Add(key, group);
            }

            group.Pods.Add(pod.Pod);
        }

        var groups = byKey.Values.ToList();
        foreach (var g in groups)
        {
            g.Pods.Sort(static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Namespace, b.Namespace);
                return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
            });
        }

        groups.Sort(static (a, b) =>
        {
            var c = (b.Role == SparkRole.Driver).CompareTo(a.Role == SparkRole.Driver);
            c = c != 0 ? c : b.Requests.MilliCpu.CompareTo(a.Requests.MilliCpu);
            c = c != 0 ? c : b.Requests.MemoryBytes.CompareTo(a.Requests.MemoryBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return groups;
    }

    private static string KeyOf(PendingPod pod)
    {
        var r = pod.Requests;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{pod.Role}|{r.MilliCpu}|{r.MemoryBytes}|{r.EphemeralStorageBytes}");
        foreach (var term in pod.RequirementTerms.Select(t => t.ToString()).Order(StringComparer.Ordinal))
        {
            sb.Append("|T:").Append(term);
        }

        foreach (var t in pod.Tolerations.Select(t => $"{t.Key}/{t.Operator}/{t.Value}/{t.Effect}").Order(StringComparer.Ordinal))
        {
            sb.Append("|O:").Append(t);
        }

        return sb.ToString();
    }
}
