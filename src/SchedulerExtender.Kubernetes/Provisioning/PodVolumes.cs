using k8s.Models;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The volumes of a pod that are backed by PersistentVolumeClaims, for
/// <see cref="VolumeTopology"/>: <c>persistentVolumeClaim</c> volumes and generic <c>ephemeral</c>
/// volumes (whose claim the ephemeral volume controller names after the pod and the volume).
/// Reads the pod spec only: a pod without such volumes (most Spark pods: ConfigMaps, emptyDirs)
/// costs no lookup.
/// </summary>
public static class PodVolumes
{
    public static IReadOnlyList<PodVolumeClaim> ClaimsOf(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec?.Volumes is not { Count: > 0 } volumes)
        {
            return [];
        }

        List<PodVolumeClaim>? claims = null;
        foreach (var volume in volumes)
        {
            if (volume.PersistentVolumeClaim?.ClaimName is { Length: > 0 } claimName)
            {
                (claims ??= []).Add(PodVolumeClaim.Persistent(volume.Name, claimName));
            }
            else if (volume.Ephemeral is not null)
            {
                (claims ??= []).Add(PodVolumeClaim.Ephemeral(volume.Name));
            }
        }

        return claims ?? (IReadOnlyList<PodVolumeClaim>)[];
    }
}
