using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What a pod's volumes ask of its node (<see cref="VolumeTopology.Resolve"/>): <see cref="Terms"/>
/// ORed (a node must meet one; one empty set = no constraint), or <see cref="WaitReason"/> — the pod
/// is not planned yet, its volumes are about to change (a claim not created or not bound yet) — or
/// <see cref="UnmetReason"/>: no new node can meet them.
/// </summary>
public sealed record VolumeRequirements(IReadOnlyList<RequirementSet> Terms, string? WaitReason = null, string? UnmetReason = null)
{
    public static VolumeRequirements None { get; } = new([RequirementSet.Empty]);

    public bool IsWaiting => WaitReason is not null;

    public bool IsUnconstrained => WaitReason is null && UnmetReason is null && Terms is [{ Count: 0 }];

    public static VolumeRequirements Wait(string reason) => new([], reason);

    public static VolumeRequirements Unmet(string reason) => new([], UnmetReason: reason);
}
