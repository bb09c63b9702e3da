using System.Globalization;

namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// The catalogue shipped with the project: common general-purpose (g), compute (c), memory (r),
/// universal (u1) and economy (e) types of 2–64 vCPU in cn-shenzhen and cn-hangzhou. Figures are
/// published Alibaba Cloud list prices (CNY/hour, Linux, VPC) with spot prices per zone as
/// DescribeSpotPriceHistory reported them on 2024-06-12. Zones without a spot price sell on-demand
/// only. Larger catalogues are loaded from a price file (see the Alibaba project).
/// </summary>
public static class BuiltInCatalog
{
    // region type vCPU memory(GiB) arch on-demand zone[=spot price]...
    private const string Table = """
        cn-shenzhen  ecs.c7.large           2    4 amd64  0.407698  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.078 cn-shenzhen-d=0.078 cn-shenzhen-e=0.078 cn-shenzhen-f=0.078
        cn-shenzhen  ecs.c7.xlarge          4    8 amd64  0.815397  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.155 cn-shenzhen-d=0.155 cn-shenzhen-e=0.155 cn-shenzhen-f=0.155
        cn-shenzhen  ecs.c7.2xlarge         8   16 amd64   1.63079  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.31 cn-shenzhen-d=0.31 cn-shenzhen-e=0.31 cn-shenzhen-f=0.31
        cn-shenzhen  ecs.c7.4xlarge        16   32 amd64   3.26159  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.62 cn-shenzhen-d=0.62 cn-shenzhen-e=0.62 cn-shenzhen-f=0.62
        cn-shenzhen  ecs.c7.8xlarge        32   64 amd64   6.52318  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.24 cn-shenzhen-d=1.24 cn-shenzhen-e=1.24 cn-shenzhen-f=1.24
        cn-shenzhen  ecs.c7.16xlarge       64  128 amd64   13.0464  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=2.479 cn-shenzhen-d=2.479 cn-shenzhen-e=2.479 cn-shenzhen-f=2.479
        cn-shenzhen  ecs.g7.large           2    8 amd64   0.52325  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.1 cn-shenzhen-d=0.1 cn-shenzhen-e=0.1 cn-shenzhen-f=0.1
        cn-shenzhen  ecs.g7.xlarge          4   16 amd64    1.0465  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.199 cn-shenzhen-d=0.199 cn-shenzhen-e=0.199 cn-shenzhen-f=0.199
        cn-shenzhen  ecs.g7.2xlarge         8   32 amd64     2.093  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.398 cn-shenzhen-d=0.398 cn-shenzhen-e=0.398 cn-shenzhen-f=0.398
        cn-shenzhen  ecs.g7.4xlarge        16   64 amd64     4.186  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.796 cn-shenzhen-d=0.796 cn-shenzhen-e=0.796 cn-shenzhen-f=0.796
        cn-shenzhen  ecs.g7.8xlarge        32  128 amd64     8.372  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.591 cn-shenzhen-d=1.591 cn-shenzhen-e=1.591 cn-shenzhen-f=1.591
        cn-shenzhen  ecs.g7.16xlarge       64  256 amd64    16.744  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=3.182 cn-shenzhen-d=3.182 cn-shenzhen-e=3.182 cn-shenzhen-f=3.182
        cn-shenzhen  ecs.r7.large           2   16 amd64  0.696221  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.133 cn-shenzhen-d=0.133 cn-shenzhen-e=0.133 cn-shenzhen-f=0.133
        cn-shenzhen  ecs.r7.xlarge          4   32 amd64   1.39244  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.265 cn-shenzhen-d=0.265 cn-shenzhen-e=0.265 cn-shenzhen-f=0.265
        cn-shenzhen  ecs.r7.2xlarge         8   64 amd64   2.78489  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.53 cn-shenzhen-d=0.53 cn-shenzhen-e=0.53 cn-shenzhen-f=0.613
        cn-shenzhen  ecs.r7.4xlarge        16  128 amd64   5.56977  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.059 cn-shenzhen-d=1.059 cn-shenzhen-e=1.059 cn-shenzhen-f=1.059
        cn-shenzhen  ecs.r7.8xlarge        32  256 amd64   11.1395  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=2.117 cn-shenzhen-d=2.117 cn-shenzhen-e=2.117 cn-shenzhen-f=2.451
        cn-shenzhen  ecs.r7.16xlarge       64  512 amd64   22.2791  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=4.234 cn-shenzhen-d=4.902 cn-shenzhen-e=4.234 cn-shenzhen-f=4.234
        cn-shenzhen  ecs.c6.large           2    4 amd64      0.39  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.082 cn-shenzhen-d=0.075 cn-shenzhen-e=0.075 cn-shenzhen-f=0.082
        cn-shenzhen  ecs.c6.xlarge          4    8 amd64      0.78  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.164 cn-shenzhen-d=0.149 cn-shenzhen-e=0.149 cn-shenzhen-f=0.149
        cn-shenzhen  ecs.c6.2xlarge         8   16 amd64      1.56  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.297 cn-shenzhen-d=0.312 cn-shenzhen-e=0.297 cn-shenzhen-f=0.297
        cn-shenzhen  ecs.c6.4xlarge        16   32 amd64      3.12  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.593 cn-shenzhen-d=0.593 cn-shenzhen-e=0.593 cn-shenzhen-f=0.624
        cn-shenzhen  ecs.c6.8xlarge        32   64 amd64      6.23  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.184 cn-shenzhen-d=1.184 cn-shenzhen-e=1.184 cn-shenzhen-f=1.371
        cn-shenzhen  ecs.g6.large           2    8 amd64       0.5  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.12 cn-shenzhen-d=0.105 cn-shenzhen-e=0.105 cn-shenzhen-f=0.095
        cn-shenzhen  ecs.g6.xlarge          4   16 amd64         1  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.24 cn-shenzhen-d=0.2 cn-shenzhen-e=0.19 cn-shenzhen-f=0.2
        cn-shenzhen  ecs.g6.2xlarge         8   32 amd64         2  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.48 cn-shenzhen-d=0.38 cn-shenzhen-e=0.38 cn-shenzhen-f=0.4
        cn-shenzhen  ecs.g6.4xlarge        16   64 amd64         4  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.96 cn-shenzhen-d=0.8 cn-shenzhen-e=0.8 cn-shenzhen-f=0.88
        cn-shenzhen  ecs.g6.8xlarge        32  128 amd64         8  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.92 cn-shenzhen-d=1.6 cn-shenzhen-e=1.76 cn-shenzhen-f=1.76
        cn-shenzhen  ecs.r6.large           2   16 amd64      0.66  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.159 cn-shenzhen-d=0.126 cn-shenzhen-e=0.126 cn-shenzhen-f=0.139
        cn-shenzhen  ecs.r6.xlarge          4   32 amd64      1.33  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.32 cn-shenzhen-d=0.253 cn-shenzhen-e=0.253 cn-shenzhen-f=0.28
        cn-shenzhen  ecs.r6.2xlarge         8   64 amd64      2.65  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.583 cn-shenzhen-d=0.504 cn-shenzhen-e=0.504 cn-shenzhen-f=0.583
        cn-shenzhen  ecs.r6.4xlarge        16  128 amd64       5.3  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.166 cn-shenzhen-d=1.113 cn-shenzhen-e=1.007 cn-shenzhen-f=1.166
        cn-shenzhen  ecs.r6.8xlarge        32  256 amd64      10.6  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=2.332 cn-shenzhen-d=2.332 cn-shenzhen-e=2.12 cn-shenzhen-f=2.544
        cn-shenzhen  ecs.u1-c1m2.large      2    4 amd64     0.351  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.053 cn-shenzhen-d=0.036 cn-shenzhen-e=0.036 cn-shenzhen-f=0.036
        cn-shenzhen  ecs.u1-c1m2.xlarge     4    8 amd64     0.702  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.106 cn-shenzhen-d=0.071 cn-shenzhen-e=0.071 cn-shenzhen-f=0.071
        cn-shenzhen  ecs.u1-c1m2.2xlarge    8   16 amd64     1.404  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.127 cn-shenzhen-d=0.127 cn-shenzhen-e=0.127 cn-shenzhen-f=0.127
        cn-shenzhen  ecs.u1-c1m2.4xlarge   16   32 amd64     2.808  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.281 cn-shenzhen-d=0.281 cn-shenzhen-e=0.281 cn-shenzhen-f=0.281
        cn-shenzhen  ecs.u1-c1m2.8xlarge   32   64 amd64     5.616  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.562 cn-shenzhen-d=0.562 cn-shenzhen-e=0.562 cn-shenzhen-f=1.068
        cn-shenzhen  ecs.u1-c1m4.large      2    8 amd64      0.45  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.108 cn-shenzhen-d=0.045 cn-shenzhen-e=0.068 cn-shenzhen-f=0.045
        cn-shenzhen  ecs.u1-c1m4.xlarge     4   16 amd64       0.9  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.216 cn-shenzhen-d=0.09 cn-shenzhen-e=0.09 cn-shenzhen-f=0.09
        cn-shenzhen  ecs.u1-c1m4.2xlarge    8   32 amd64       1.8  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.432 cn-shenzhen-d=0.18 cn-shenzhen-e=0.27 cn-shenzhen-f=0.27
        cn-shenzhen  ecs.u1-c1m4.4xlarge   16   64 amd64       3.6  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.684 cn-shenzhen-d=0.324 cn-shenzhen-e=0.36 cn-shenzhen-f=0.36
        cn-shenzhen  ecs.u1-c1m4.8xlarge   32  128 amd64       7.2  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=1.368 cn-shenzhen-d=1.08 cn-shenzhen-e=0.72 cn-shenzhen-f=1.368
        cn-shenzhen  ecs.e-c1m2.large       2    4 amd64     0.225  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.041 cn-shenzhen-d=0.021 cn-shenzhen-e=0.021 cn-shenzhen-f=0.021
        cn-shenzhen  ecs.e-c1m2.xlarge      4    8 amd64      0.45  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.081 cn-shenzhen-d=0.05 cn-shenzhen-e=0.041 cn-shenzhen-f=0.041
        cn-shenzhen  ecs.e-c1m2.2xlarge     8   16 amd64       0.9  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.126 cn-shenzhen-d=0.081 cn-shenzhen-e=0.081 cn-shenzhen-f=0.081
        cn-shenzhen  ecs.e-c1m4.large       2    8 amd64    0.3375  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.061 cn-shenzhen-d=0.031 cn-shenzhen-e=0.031 cn-shenzhen-f=0.031
        cn-shenzhen  ecs.e-c1m4.xlarge      4   16 amd64     0.675  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.122 cn-shenzhen-d=0.061 cn-shenzhen-e=0.061 cn-shenzhen-f=0.061
        cn-shenzhen  ecs.e-c1m4.2xlarge     8   32 amd64      1.35  cn-shenzhen-a cn-shenzhen-b cn-shenzhen-c=0.243 cn-shenzhen-d=0.122 cn-shenzhen-e=0.122 cn-shenzhen-f=0.122
        cn-hangzhou  ecs.c7.large           2    4 amd64  0.407698  cn-hangzhou-b=0.078 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.078 cn-hangzhou-j=0.078 cn-hangzhou-k=0.078
        cn-hangzhou  ecs.c7.xlarge          4    8 amd64  0.815397  cn-hangzhou-b=0.155 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.155 cn-hangzhou-j=0.155 cn-hangzhou-k=0.155
        cn-hangzhou  ecs.c7.2xlarge         8   16 amd64   1.63079  cn-hangzhou-b=0.31 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.31 cn-hangzhou-j=0.31 cn-hangzhou-k=0.31
        cn-hangzhou  ecs.c7.4xlarge        16   32 amd64   3.26159  cn-hangzhou-b=0.62 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.62 cn-hangzhou-j=0.62 cn-hangzhou-k=0.62
        cn-hangzhou  ecs.c7.8xlarge        32   64 amd64   6.52318  cn-hangzhou-b=1.24 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=1.24 cn-hangzhou-j=1.24 cn-hangzhou-k=1.24
        cn-hangzhou  ecs.c7.16xlarge       64  128 amd64   13.0464  cn-hangzhou-b=2.479 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=2.479 cn-hangzhou-j=2.871 cn-hangzhou-k=2.479
        cn-hangzhou  ecs.g7.large           2    8 amd64   0.52325  cn-hangzhou-b=0.1 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.1 cn-hangzhou-j=0.1 cn-hangzhou-k=0.1
        cn-hangzhou  ecs.g7.xlarge          4   16 amd64    1.0465  cn-hangzhou-b=0.199 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.199 cn-hangzhou-j=0.199 cn-hangzhou-k=0.199
        cn-hangzhou  ecs.g7.2xlarge         8   32 amd64     2.093  cn-hangzhou-b=0.398 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.398 cn-hangzhou-j=0.398 cn-hangzhou-k=0.398
        cn-hangzhou  ecs.g7.4xlarge        16   64 amd64     4.186  cn-hangzhou-b=0.796 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.796 cn-hangzhou-j=0.796 cn-hangzhou-k=0.796
        cn-hangzhou  ecs.g7.8xlarge        32  128 amd64     8.372  cn-hangzhou-b=1.591 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=1.591 cn-hangzhou-j=1.591 cn-hangzhou-k=1.591
        cn-hangzhou  ecs.g7.16xlarge       64  256 amd64    16.744  cn-hangzhou-b=3.182 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=3.182 cn-hangzhou-j=3.182 cn-hangzhou-k=3.182
        cn-hangzhou  ecs.r7.large           2   16 amd64  0.696221  cn-hangzhou-b=0.133 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.133 cn-hangzhou-j=0.133 cn-hangzhou-k=0.133
        cn-hangzhou  ecs.r7.xlarge          4   32 amd64   1.39244  cn-hangzhou-b=0.265 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.265 cn-hangzhou-j=0.265 cn-hangzhou-k=0.265
        cn-hangzhou  ecs.r7.2xlarge         8   64 amd64   2.78489  cn-hangzhou-b=0.53 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=0.53 cn-hangzhou-j=0.53 cn-hangzhou-k=0.53
        cn-hangzhou  ecs.r7.4xlarge        16  128 amd64   5.56977  cn-hangzhou-b=1.059 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=1.059 cn-hangzhou-j=1.059 cn-hangzhou-k=1.059
        cn-hangzhou  ecs.r7.8xlarge        32  256 amd64   11.1395  cn-hangzhou-b=2.117 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=2.117 cn-hangzhou-j=2.117 cn-hangzhou-k=2.117
        cn-hangzhou  ecs.r7.16xlarge       64  512 amd64   22.2791  cn-hangzhou-b=4.234 cn-hangzhou-e cn-hangzhou-f cn-hangzhou-g cn-hangzhou-h cn-hangzhou-i=4.234 cn-hangzhou-j=4.902 cn-hangzhou-k=4.902
        """;

    private static readonly Lazy<InstanceCatalog> Instance = new(() => Parse(Table));

    /// <summary>The shipped catalogue (parsed once; immutable).</summary>
    public static InstanceCatalog Catalog => Instance.Value;

    /// <summary>Parses rows in the table's format; a bad row is reported with its line number.</summary>
    internal static InstanceCatalog Parse(string table)
    {
        var byRegion = new Dictionary<string, List<InstanceType>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in table.Split('\n'))
        {
            lineNumber++;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length < 7)
            {
                throw new FormatException($"Built-in catalogue line {lineNumber}: expected region, type, vCPU, memory, arch, price and zones.");
            }

            var offerings = new List<Offering>();
            foreach (var zoneField in fields[6..])
            {
                var parts = zoneField.Split('=');
                offerings.Add(new Offering(parts[0], CapacityType.OnDemand, Number(fields[5], lineNumber)));
                if (parts.Length == 2)
                {
                    offerings.Add(new Offering(parts[0], CapacityType.Spot, Number(parts[1], lineNumber)));
                }
            }

            var type = new InstanceType(fields[1], InstanceType.FamilyOf(fields[1]), fields[4],
                Number(fields[2], lineNumber), Number(fields[3], lineNumber), Gpu: 0, offerings);
            if (!byRegion.TryGetValue(fields[0], out var types))
            {
                byRegion[fields[0]] = types = [];
            }

            types.Add(type);
        }

        return new InstanceCatalog(byRegion.Select(kv => new RegionCatalog(kv.Key, kv.Value)));
    }

    private static double Number(string text, int lineNumber) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"Built-in catalogue line {lineNumber}: '{text}' is not a non-negative number.");
}
