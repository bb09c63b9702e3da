namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// One of a pod's volumes that is backed by a PersistentVolumeClaim: a
/// <c>persistentVolumeClaim</c> volume names its claim, a generic <c>ephemeral</c> volume gets the
/// claim the ephemeral volume controller creates for it, named <c>&lt;pod name&gt;-&lt;volume name&gt;</c>.
/// </summary>
public sealed record PodVolumeClaim(string Volume, string? NamedClaim, bool IsEphemeral)
{
    public static PodVolumeClaim Persistent(string volume, string claimName) => new(volume, claimName, false);

    public static PodVolumeClaim Ephemeral(string volume) => new(volume, null, true);

    /// <summary>The claim's name in the pod's namespace.</summary>
    public string ClaimName(string podName) => IsEphemeral ? $"{podName}-{Volume}" : NamedClaim ?? string.Empty;
}
