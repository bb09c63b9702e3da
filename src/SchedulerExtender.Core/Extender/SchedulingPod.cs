using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Core.Extender;

/// <summary>The pod kube-scheduler asks about: identity, labels, annotations and effective requests.</summary>
public sealed record SchedulingPod(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    ResourceAmounts Requests);
