using SchedulerExtender.Alibaba.Ecs.Models;
using static SchedulerExtender.Alibaba.Ecs.EcsJson;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>Launching, describing and releasing instances.</summary>
public sealed partial class EcsClient
{
    /// <summary>RunInstances for one pay-as-you-go instance; returns its ID.</summary>
    /// <exception cref="EcsApiException">With <see cref="EcsErrorKind.NoStock"/> when the offering has no stock.</exception>
    public async Task<string> RunInstanceAsync(RunInstancesRequest request, CancellationToken cancellationToken)
    {
        if (request.ClientToken.Length is 0 or > 64 || request.ClientToken.Any(c => c > 127))
        {
            throw new ArgumentException("A ClientToken is 1 to 64 ASCII characters.", nameof(request));
        }

        var parameters = new EcsParameters()
            .Add("RegionId", RegionId).Add("ZoneId", request.ZoneId).Add("InstanceType", request.InstanceType)
            .Add("ImageId", request.ImageId).Add("VSwitchId", request.VSwitchId).Add("SecurityGroupId", request.SecurityGroupId)
            .Add("InstanceChargeType", "PostPaid").Add("Amount", 1).Add("ClientToken", request.ClientToken)
            .Add("SpotStrategy", request.SpotStrategy.ToString())
            .Add("SpotPriceLimit", request.SpotStrategy == SpotStrategy.SpotWithPriceLimit ? request.SpotPriceLimit : null)
            .Add("SpotDuration", request.SpotStrategy == SpotStrategy.NoSpot ? null : request.SpotDuration)
            .Add("SystemDisk.Category", request.SystemDiskCategory).Add("SystemDisk.Size", request.SystemDiskSizeGiB)
            .Add("SystemDisk.PerformanceLevel", request.SystemDiskPerformanceLevel)
            .Add("InstanceName", request.InstanceName).Add("UserData", request.UserData)
            .AddTags(request.Tags);
        var root = await InvokeAsync("RunInstances", parameters.Items, cancellationToken).ConfigureAwait(false);
        return Strings(root, "InstanceIdSets", "InstanceIdSet").FirstOrDefault()
            ?? throw new EcsApiException("RunInstances", "InvalidResponse", "InstanceIdSets is empty", Str(root, "RequestId"), 200);
    }

    /// <summary>One page of DescribeInstances (PageNumber paging).</summary>
    public async Task<EcsPage<EcsInstance>> DescribeInstancesAsync(DescribeInstancesQuery query, CancellationToken cancellationToken)
    {
        var parameters = new EcsParameters()
            .Add("RegionId", RegionId).AddJsonArray("InstanceIds", query.InstanceIds).AddTags(query.Tags)
            .Add("PageNumber", query.PageNumber).Add("PageSize", query.PageSize);
        var root = await InvokeAsync("DescribeInstances", parameters.Items, cancellationToken).ConfigureAwait(false);
        var items = Items(root, "Instances", "Instance").Select(ReadInstance).ToList();
        var total = Int(root, "TotalCount");
        var more = query.PageNumber * query.PageSize < total && items.Count > 0;
        return new EcsPage<EcsInstance>(items, more ? (query.PageNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, total);
    }

    /// <summary>Every page of DescribeInstances.</summary>
    public async Task<IReadOnlyList<EcsInstance>> DescribeAllInstancesAsync(DescribeInstancesQuery query, CancellationToken cancellationToken)
    {
        var all = new List<EcsInstance>();
        for (var page = query with { PageNumber = 1 }; ; page = page with { PageNumber = page.PageNumber + 1 })
        {
            var result = await DescribeInstancesAsync(page, cancellationToken).ConfigureAwait(false);
            all.AddRange(result.Items);
            if (result.NextToken is null)
            {
                return all;
            }
        }
    }

    /// <summary>DeleteInstances with Force (running instances are stopped and released).</summary>
    /// <exception cref="EcsApiException">With <see cref="EcsErrorKind.NotFound"/> when an instance is already gone.</exception>
    public async Task DeleteInstancesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        var parameters = new EcsParameters().Add("RegionId", RegionId).AddList("InstanceId", instanceIds).Add("Force", "true");
        await InvokeAsync("DeleteInstances", parameters.Items, cancellationToken).ConfigureAwait(false);
    }

    private static EcsInstance ReadInstance(System.Text.Json.JsonElement i) => new(
        Str(i, "InstanceId"), Str(i, "InstanceName"), Str(i, "InstanceType"), Str(i, "RegionId"), Str(i, "ZoneId"),
        Str(i, "Status"), Str(i, "SpotStrategy"), Time(i, "CreationTime"), Int(i, "Cpu"), Int(i, "Memory"), Str(i, "ImageId"),
        i.TryGetProperty("VpcAttributes", out var vpc) ? Str(vpc, "VSwitchId") : "",
        Strings(i, "SecurityGroupIds", "SecurityGroupId"),
        Tags(i),
        [.. Items(i, "OperationLocks", "LockReason").Select(l => Str(l, "LockReason"))]);
}
