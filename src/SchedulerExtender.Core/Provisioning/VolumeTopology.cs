using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Where a pending pod's persistent volumes let it run, decided as kube-scheduler's VolumeBinding
/// plugin will decide it once the node exists, so the provisioner does not launch a node the pod
/// cannot use (Karpenter's VolumeTopology). Alibaba Cloud disks are zonal: a pod whose claim is
/// bound to a disk in zone B can only start in zone B. Per claim:
/// <list type="bullet">
/// <item>bound (<c>spec.volumeName</c>): the PersistentVolume's node affinity terms;</item>
/// <item>unbound, StorageClass <c>WaitForFirstConsumer</c>: the class's <c>allowedTopologies</c>
/// (none = anywhere) — the volume is provisioned where the pod is scheduled;</item>
/// <item>unbound otherwise (Immediate binding, no class, class not found), claim not found (an
/// ephemeral volume's claim not created yet), claim being deleted, bound to a volume not found:
/// wait. kube-scheduler refuses such a pod (UnschedulableAndUnresolvable) and tries it again when
/// the claim or volume changes; Karpenter ignores it likewise. Once the claim is bound its zone is
/// known, so planning now would guess a zone the disk is about to contradict.</item>
/// </list>
/// The pod must meet one term of every volume and one of its own: the cross product of the
/// terms, combinations no node can meet dropped (<see cref="TryApply"/>). Karpenter keeps only the
/// first of a volume's ORed terms; all are kept here, so a volume usable in two zones leaves the
/// solver both.
/// </summary>
public static class VolumeTopology
{
    private const string Hostname = "kubernetes.io/hostname";

    // Alibaba Cloud's disk CSI driver (diskplugin.csi.alibabacloud.com) may carry its node-affinity
    // requirements on the disk categories a node's instance type can attach; the CSI node plugin
    // writes these labels once it runs on the node, so no new node has them before launch, and the
    // catalogue does not tell which instance types take which categories. They are left to the
    // scheduler (not yet checked by the solver).
    private const string DiskCategoryPrefix = "node.csi.alibabacloud.com/disktype.";

    // Zone keys read as the well-known zone label. The disk CSI driver writes its own key (unless
    // run with its public topology key) and labels a node with it only after the CSI node plugin
    // has registered there, so the solver could never match it on a node not yet launched. Its
    // values are the ECS zone IDs (cn-hangzhou-h), the same as topology.kubernetes.io/zone set by
    // the cloud controller manager and by this provisioner, so the requirement means the same zone
    // (Karpenter's Alibaba Cloud provider normalises the key likewise). The pre-1.17 beta zone
    // label is normalised by Karpenter itself.
    private static readonly Dictionary<string, string> ZoneAliases = new(StringComparer.Ordinal)
    {
        ["topology.diskplugin.csi.alibabacloud.com/zone"] = WellKnownLabels.Zone,
        ["failure-domain.beta.kubernetes.io/zone"] = WellKnownLabels.Zone,
    };

    /// <summary>What the pod's claims ask of its node; <see cref="VolumeRequirements.None"/> without claims (and no lookup).</summary>
    public static VolumeRequirements Resolve(PodReference pod, IReadOnlyList<PodVolumeClaim> claims, IVolumeObjects objects)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(objects);
        IReadOnlyList<RequirementSet> terms = VolumeRequirements.None.Terms;
        foreach (var volume in claims)
        {
            var volumeTerms = ForVolume(pod, volume, objects);
            if (volumeTerms.WaitReason is not null || volumeTerms.UnmetReason is not null)
            {
                return volumeTerms;
            }

            var crossed = NodeSelectorTerms.Cross(terms, volumeTerms.Terms);
            if (crossed.Count == 0)
            {
                return VolumeRequirements.Unmet($"volume {volume.Volume} needs {Describe(volumeTerms.Terms)}, which no node meeting the pod's other volumes ({Describe(terms)}) does");
            }

            terms = crossed;
        }

        return new VolumeRequirements(terms);
    }

    /// <summary>
    /// The pod with its volumes' requirements intersected into its affinity terms, or false with
    /// the reason when no node can meet both (the pod requires zone A, its disk is in zone B) or
    /// the volumes alone cannot be met. An unconstrained pod is returned as it is.
    /// </summary>
    public static bool TryApply(PendingPod pod, VolumeRequirements volumes, out PendingPod constrained, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(volumes);
        constrained = pod;
        reason = volumes.WaitReason ?? volumes.UnmetReason;
        if (reason is not null)
        {
            return false;
        }

        if (volumes.IsUnconstrained)
        {
            return true;
        }

        IReadOnlyList<RequirementSet> podTerms = pod.RequirementTerms.Count == 0 ? [RequirementSet.Empty] : pod.RequirementTerms;
        var crossed = NodeSelectorTerms.Cross(podTerms, volumes.Terms);
        if (crossed.Count == 0)
        {
            reason = $"its volumes need {Describe(volumes.Terms)} but its node affinity requires {Describe(podTerms)}";
            return false;
        }

        constrained = pod.NarrowedTo(crossed);
        return true;
    }

    private static VolumeRequirements ForVolume(PodReference pod, PodVolumeClaim volume, IVolumeObjects objects)
    {
        var claimName = volume.ClaimName(pod.Name);
        var what = $"volume {volume.Volume} (PVC {claimName})";
        if (objects.Claim(pod.Namespace, claimName) is not { } claim)
        {
            return VolumeRequirements.Wait(volume.IsEphemeral
                ? $"{what}: the ephemeral volume's claim is not created yet"
                : $"{what}: the claim does not exist");
        }

        if (claim.Deleting)
        {
            return VolumeRequirements.Wait($"{what}: the claim is being deleted");
        }

        if (claim.VolumeName is { Length: > 0 } volumeName)
        {
            return objects.Volume(volumeName) is { } persistentVolume
                ? FromTerms($"{what}: PV {volumeName}", persistentVolume.NodeAffinityTerms)
                : VolumeRequirements.Wait($"{what}: bound to PV {volumeName}, which does not exist (yet)");
        }

        if (claim.StorageClassName is not { Length: > 0 } className)
        {
            return VolumeRequirements.Wait($"{what}: not bound and has no StorageClass; it waits for a PV to bind it");
        }

        if (objects.StorageClass(className) is not { } storageClass)
        {
            return VolumeRequirements.Wait($"{what}: StorageClass {className} does not exist");
        }

        return storageClass.WaitForFirstConsumer
            ? FromTerms($"{what}: StorageClass {className} allowedTopologies", storageClass.AllowedTopologies)
            : VolumeRequirements.Wait($"{what}: not bound yet; StorageClass {className} binds Immediately, so its zone is known once the volume is provisioned");
    }

    // ORed node-selector terms as requirement sets, without the terms no new node can meet (an
    // existing node's name or hostname); none left = unmet, no terms at all = anywhere.
    private static VolumeRequirements FromTerms(string what, IReadOnlyList<IReadOnlyList<NodeSelectorRequirement>> terms)
    {
        if (terms.Count == 0)
        {
            return VolumeRequirements.None;
        }

        var sets = new List<RequirementSet>();
        var refusals = new List<string>();
        foreach (var term in terms)
        {
            try
            {
                if (ToSet(term, out var refusal) is { } set)
                {
                    sets.Add(set);
                }
                else
                {
                    refusals.Add(refusal!);
                }
            }
            catch (ArgumentException e)
            {
                refusals.Add(e.Message);
            }
        }

        return sets.Count > 0
            ? new VolumeRequirements(sets)
            : VolumeRequirements.Unmet($"{what} can only be used by nodes no new node can be: {string.Join("; or ", refusals)}");
    }

    private static RequirementSet? ToSet(IReadOnlyList<NodeSelectorRequirement> term, out string? refusal)
    {
        refusal = null;
        var set = RequirementSet.Empty;
        foreach (var r in term)
        {
            var key = ZoneAliases.GetValueOrDefault(r.Key, r.Key);
            if (key.StartsWith(DiskCategoryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var requirement = Requirement.From(r with { Key = key });
            if (key == Hostname || key.StartsWith("field:", StringComparison.Ordinal))
            {
                // A new node's name is not known before launch: In (a local volume's node) or
                // DoesNotExist rule it out; NotIn and Exists hold for any new node.
                if (!requirement.Complement)
                {
                    refusal = requirement.ToString();
                    return null;
                }

                continue;
            }

            set = set.With(requirement);
        }

        if (!NodeSelectorTerms.IsSatisfiable(set))
        {
            refusal = $"[{set}] cannot all hold";
            return null;
        }

        return set;
    }

    private static string Describe(IReadOnlyList<RequirementSet> terms) =>
        string.Join(" or ", terms.Select(t => t.Count == 0 ? "any node" : $"[{t}]"));
}
