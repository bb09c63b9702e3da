using SchedulerExtender.Alibaba.Catalog;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>
/// One region of ../shared/data's price snapshot, read where it lives (never copied into the
/// repository) by the production loader, so the solver is tested on what the service would load.
/// </summary>
internal static class SharedPriceSnapshot
{
    public static IReadOnlyList<InstanceType> Region(string region)
    {
        var path = SharedData.PriceSnapshot
            ?? throw new InvalidOperationException("../shared/data/alibabacloud-prices-2024-06-12.json not found beside the repository");
        return PriceFileParser.Parse(File.ReadAllText(path)).TypesIn(region);
    }
}
