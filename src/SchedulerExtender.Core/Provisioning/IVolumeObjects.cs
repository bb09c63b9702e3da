namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// The PersistentVolumeClaims, PersistentVolumes and StorageClasses <see cref="VolumeTopology"/>
/// looks up, as one consistent-enough view (the adapter's list+watch caches). Looked up one by
/// one, so a pod without claims costs no lookup at all. Null = not there.
/// </summary>
public interface IVolumeObjects
{
    VolumeClaimObservation? Claim(string ns, string name);

    PersistentVolumeObservation? Volume(string name);

    StorageClassObservation? StorageClass(string name);
}
