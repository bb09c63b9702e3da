namespace SchedulerExtender.Core.Config;

/// <summary>
/// The public image families behind the ECSNodeClass image aliases, per ECS architecture: one table
/// for the Alibaba provider (alias → the family it resolves through DescribeImages) and the Karpenter
/// migration (a Karpenter <c>imageFamily</c> → the alias that stands for it).
/// </summary>
public static class ImageAliasFamilies
{
    public static IReadOnlyList<(string Alias, string EcsArchitecture, string Family)> All { get; } =
    [
        ("ContainerOS", "x86_64", "acs:lifsea_os_3_x64"),
        ("AlibabaCloudLinux3", "x86_64", "acs:alibaba_cloud_linux_3_2104_lts_x64"),
        ("AlibabaCloudLinux3", "arm64", "acs:alibaba_cloud_linux_3_2104_lts_arm64"),
    ];
}
