using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>
/// What a node class's selectors resolved to: one vSwitch per zone (the one with the most free
/// IPs), the security groups (first is used at launch), and an image per Kubernetes architecture
/// (<c>amd64</c>, <c>arm64</c>).
/// </summary>
public sealed record ResolvedNodeClass(
    IReadOnlyList<ResolvedVSwitch> VSwitches,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyDictionary<string, string> ImageIdByArchitecture,
    DateTimeOffset ResolvedAt)
{
    public IReadOnlyList<VSwitchChoice> VSwitchChoices => [.. VSwitches.Select(v => new VSwitchChoice(v.VSwitchId, v.Zone))];

    /// <summary>
    /// The request with this node class's vSwitches, security groups and the image for
    /// <paramref name="architecture"/> (Kubernetes name; every candidate of one request must share it).
    /// </summary>
    public LaunchRequest ApplyTo(LaunchRequest request, string architecture) =>
        ImageIdByArchitecture.TryGetValue(architecture, out var imageId)
            ? request with { VSwitches = VSwitchChoices, SecurityGroupIds = SecurityGroupIds, ImageId = imageId }
            : throw new NodeClassResolutionException(NodeClassResolutionFailure.NoImage,
                $"Node claim {request.NodeClaim}: the node class has no image for {architecture} (has: {string.Join(", ", ImageIdByArchitecture.Keys.Order(StringComparer.Ordinal))}).");
}
