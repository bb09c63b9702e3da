using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// What a node's system disk costs per hour, pay-as-you-go, in CNY: every node the provisioner
/// launches pays for one besides its instance, so a plan of many small nodes is dearer than its
/// instance prices say.
/// </summary>
/// <remarks>
/// Capacity prices per GiB-month, China mainland regions, pay-as-you-go, from Alibaba Cloud's
/// block storage price list (https://www.aliyun.com/price/product#/disk/detail) as last known to
/// us; they could NOT be re-confirmed from here, so treat them as estimates and replace them by
/// DescribePrice (ResourceType=disk) figures when those are available. The ratio PL0 : PL1 : PL2
/// (about 1 : 2 : 4) agrees with the ESSD capacity prices Alibaba publishes for PolarDB
/// (alibabacloud.com/help/en/polardb/polardb-for-mysql/storage-space).
/// <list type="bullet">
/// <item>cloud_auto (ESSD AutoPL): 1.0 — the capacity is priced like a PL1 ESSD, whose baseline it
/// shares; provisioned IOPS and burst are billed apart and not counted here.</item>
/// <item>cloud_essd: PL0 0.5, PL1 1.0, PL2 2.0, PL3 4.0.</item>
/// <item>cloud_essd_entry: 0.5 (estimate, rounded up).</item>
/// <item>cloud_ssd: 1.0. cloud_efficiency: 0.35. cloud (basic disk): 0.35 (estimate, rounded up).</item>
/// </list>
/// A month is 730 hours. An unknown category is priced as the dearest of cloud_auto / PL1 (1.0),
/// so that an unknown never makes nodes look free.
/// </remarks>
public static class SystemDiskPrices
{
    public const double HoursPerMonth = 730;

    /// <summary>The ECSNodeClass default when systemDisk.size is not given (and the smallest system disk).</summary>
    public const int DefaultSizeGiB = 20;

    private const double UnknownPerGiBMonth = 1.0;

    /// <summary>CNY per GiB-hour of a disk category (and performance level, for cloud_essd).</summary>
    public static double PerGiBHour(string category, string? performanceLevel) => PerGiBMonth(category, performanceLevel) / HoursPerMonth;

    /// <summary>
    /// CNY per hour of the system disk a node class gives every node: its first category (the one
    /// tried first) at its size; zero when the node class sets no system disk.
    /// </summary>
    public static double PerNodeHour(SystemDisk? disk)
    {
        if (disk is null)
        {
            return 0;
        }

        var category = disk.Categories.Count > 0 ? disk.Categories[0] : "cloud_auto";
        return (disk.SizeGiB ?? DefaultSizeGiB) * PerGiBHour(category, disk.PerformanceLevel);
    }

    private static double PerGiBMonth(string category, string? performanceLevel) => category switch
    {
        "cloud_auto" => 1.0,
        "cloud_essd" => performanceLevel switch
        {
            "PL0" => 0.5,
            "PL2" => 2.0,
            "PL3" => 4.0,
            _ => 1.0, // PL1, ECS's default level for cloud_essd.
        },
        "cloud_essd_entry" => 0.5,
        "cloud_ssd" => 1.0,
        "cloud_efficiency" => 0.35,
        "cloud" => 0.35,
        _ => UnknownPerGiBMonth,
    };
}
