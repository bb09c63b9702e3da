namespace SchedulerExtender.Core.Config;

/// <summary>
/// A <c>karpenter.k8s.alibabacloud/v1alpha1</c> ECSNodeClass, validated: where and how nodes are
/// launched. <see cref="UserData"/> is never logged (it may carry bootstrap tokens).
/// <see cref="Kubelet"/> (null: not set) decides the allocatable the solver plans with
/// (<see cref="Provisioning.NodeReservation.WithKubelet"/>) and is passed to the bootstrap.
/// </summary>
public sealed record EcsNodeClass(
    string Name,
    IReadOnlyList<SelectorTerm> VSwitchSelectorTerms,
    IReadOnlyList<SelectorTerm> SecurityGroupSelectorTerms,
    IReadOnlyList<ImageSelectorTerm> ImageSelectorTerms,
    SystemDisk? SystemDisk,
    IReadOnlyDictionary<string, string> Tags,
    string? UserData)
{
    /// <summary>The class's <c>spec.kubeletConfiguration</c>; null when it sets none.</summary>
    public KubeletConfiguration? Kubelet { get; init; }

    public override string ToString() =>
        $"EcsNodeClass {{ Name = {Name}, VSwitchSelectorTerms = {VSwitchSelectorTerms.Count}, SecurityGroupSelectorTerms = {SecurityGroupSelectorTerms.Count}, " +
        $"ImageSelectorTerms = {ImageSelectorTerms.Count}, SystemDisk = {SystemDisk}, Tags = {Tags.Count}, UserData = {(UserData is null ? "none" : "<redacted>")}, Kubelet = {(Kubelet is null ? "none" : "set")} }}";
}
