using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What to launch for one node claim.
/// </summary>
/// <param name="NodeClaim">The node claim's name: the launch's identity (idempotency key and tag).</param>
/// <param name="NodePool">The node pool the claim belongs to (tagged on the instance).</param>
/// <param name="Candidates">Instance types to try, cheapest first; each carries the offerings to try, in order.</param>
/// <param name="CapacityType">Which offerings of the candidates to use.</param>
/// <param name="Zones">Allowed zones; empty means every zone that has a vSwitch.</param>
/// <param name="VSwitches">vSwitches to launch into; one per zone is used.</param>
/// <param name="SecurityGroupIds">Security groups; the first is used at launch (ECS takes one with a vSwitch).</param>
/// <param name="ImageId">The resolved image ID.</param>
/// <param name="SystemDisk">The system disk.</param>
/// <param name="Labels">Node labels the kubelet registers with (passed in user data).</param>
/// <param name="Taints">Taints the kubelet registers with, as <c>key=value:Effect</c> (passed in user data).</param>
/// <param name="Tags">Extra tags; the provider adds its own (<see cref="InstanceTags"/>) and they win.</param>
/// <param name="UserData">A bootstrap script run after the labels/taints environment is set; may be empty.</param>
public sealed record LaunchRequest(
    string NodeClaim,
    string NodePool,
    IReadOnlyList<InstanceType> Candidates,
    CapacityType CapacityType,
    IReadOnlyList<string> Zones,
    IReadOnlyList<VSwitchChoice> VSwitches,
    IReadOnlyList<string> SecurityGroupIds,
    string ImageId,
    SystemDiskSpec SystemDisk,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Taints,
    IReadOnlyDictionary<string, string> Tags,
    string UserData = "")
{
    /// <summary>
    /// The node class's kubelet settings as kubelet flags (<see cref="Config.KubeletFlags"/>), for
    /// the bootstrap to start the kubelet with; empty when the class sets none.
    /// </summary>
    public IReadOnlyList<string> KubeletArgs { get; init; } = [];
}
