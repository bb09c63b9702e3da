using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>
/// Image aliases and the public image families they stand for. An alias resolves, per
/// architecture, to the newest image (by CreationTime) of
/// <c>DescribeImages ImageOwnerAlias=system ImageFamily=&lt;family&gt; Architecture=&lt;arch&gt;</c>.
/// ContainerOS (the <c>lifsea</c> images) is built for x86_64 only.
/// </summary>
public static class ImageAliases
{
    public const string ContainerOS = "ContainerOS";
    public const string AlibabaCloudLinux3 = "AlibabaCloudLinux3";

    private static readonly Dictionary<(string Alias, string Architecture), string> Families =
        ImageAliasFamilies.All.ToDictionary(f => (f.Alias, f.EcsArchitecture), f => f.Family);

    public static IReadOnlyList<string> Known { get; } = [ContainerOS, AlibabaCloudLinux3];

    /// <summary>The alias as spelt here (matching ignores case), or null for an unknown alias.</summary>
    public static string? Canonical(string alias) => Known.FirstOrDefault(k => string.Equals(k, alias, StringComparison.OrdinalIgnoreCase));

    /// <summary>The image family of an alias on an ECS architecture (x86_64, arm64), or null when there is no such build.</summary>
    public static string? FamilyFor(string alias, string ecsArchitecture) =>
        Canonical(alias) is { } canonical && Families.TryGetValue((canonical, ecsArchitecture), out var family) ? family : null;

    /// <summary>ECS's architecture name for a Kubernetes one (amd64 → x86_64); other names pass through.</summary>
    public static string ToEcsArchitecture(string kubernetesArchitecture) => kubernetesArchitecture == "amd64" ? "x86_64" : kubernetesArchitecture;

    /// <summary>Kubernetes' architecture name for an ECS one (x86_64 → amd64); other names pass through.</summary>
    public static string ToKubernetesArchitecture(string ecsArchitecture) => ecsArchitecture == "x86_64" ? "amd64" : ecsArchitecture;
}
