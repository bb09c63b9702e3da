namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A PersistentVolumeClaim as volume topology needs it: the PersistentVolume it is bound to
/// (<c>spec.volumeName</c>, null while unbound), its StorageClass (<c>spec.storageClassName</c>;
/// null or empty = none) and whether it is being deleted.
/// </summary>
public sealed record VolumeClaimObservation(string Namespace, string Name, string? VolumeName, string? StorageClassName, bool Deleting = false);
