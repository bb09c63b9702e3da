using System.Globalization;
using SchedulerExtender.Alibaba.Ecs.Models;
using static SchedulerExtender.Alibaba.Ecs.EcsJson;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>vSwitches, security groups and images: what an ECSNodeClass's selectors resolve to.</summary>
public sealed partial class EcsClient
{
    /// <summary>
    /// DescribeVSwitches (ECS 2014-05-26), all pages, optionally for one VPC or zone. This ECS action
    /// neither filters nor returns tags: tag selectors need the VPC API's DescribeVSwitches.
    /// </summary>
    public Task<IReadOnlyList<EcsVSwitch>> DescribeVSwitchesAsync(string? vpcId, string? zoneId, CancellationToken cancellationToken) =>
        AllPagesAsync("DescribeVSwitches", new EcsParameters().Add("RegionId", RegionId).Add("VpcId", vpcId).Add("ZoneId", zoneId),
            root => Items(root, "VSwitches", "VSwitch").Select(v => new EcsVSwitch(
                Str(v, "VSwitchId"), Str(v, "VpcId"), Str(v, "ZoneId"), Str(v, "CidrBlock"), (long)Num(v, "AvailableIpAddressCount"),
                Str(v, "Status"), Str(v, "VSwitchName"))),
            cancellationToken);

    /// <summary>DescribeSecurityGroups, all pages, filtered by tags (ANDed) and optionally a VPC.</summary>
    public Task<IReadOnlyList<EcsSecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyDictionary<string, string>? tags, string? vpcId, CancellationToken cancellationToken) =>
        AllPagesAsync("DescribeSecurityGroups", new EcsParameters().Add("RegionId", RegionId).Add("VpcId", vpcId).AddTags(tags),
            root => Items(root, "SecurityGroups", "SecurityGroup").Select(g => new EcsSecurityGroup(
                Str(g, "SecurityGroupId"), Str(g, "SecurityGroupName"), Str(g, "VpcId"), Tags(g))),
            cancellationToken);

    /// <summary>DescribeImages, all pages: by ID, or by owner alias (system, self, others, marketplace) and family/name.</summary>
    public Task<IReadOnlyList<EcsImage>> DescribeImagesAsync(string? imageId, string? imageOwnerAlias, string? imageFamily, string? imageName, CancellationToken cancellationToken) =>
        AllPagesAsync("DescribeImages", new EcsParameters().Add("RegionId", RegionId).Add("ImageId", imageId)
                .Add("ImageOwnerAlias", imageOwnerAlias).Add("ImageFamily", imageFamily).Add("ImageName", imageName),
            root => Items(root, "Images", "Image").Select(i => new EcsImage(
                Str(i, "ImageId"), Str(i, "ImageName"), Str(i, "ImageFamily"), Str(i, "Architecture"), Str(i, "OSType"),
                Str(i, "OSName"), Str(i, "ImageOwnerAlias"), Str(i, "Status"), Time(i, "CreationTime"))),
            cancellationToken);

    /// <summary>PageNumber/PageSize/TotalCount paging, as these Describe actions use it.</summary>
    private async Task<IReadOnlyList<T>> AllPagesAsync<T>(string action, EcsParameters filters, Func<System.Text.Json.JsonElement, IEnumerable<T>> read, CancellationToken cancellationToken)
    {
        const int pageSize = 50;
        var all = new List<T>();
        for (var pageNumber = 1; ; pageNumber++)
        {
            var parameters = new List<KeyValuePair<string, string>>(filters.Items)
            {
                new("PageNumber", pageNumber.ToString(CultureInfo.InvariantCulture)),
                new("PageSize", pageSize.ToString(CultureInfo.InvariantCulture)),
            };
            var root = await InvokeAsync(action, parameters, cancellationToken).ConfigureAwait(false);
            var page = read(root).ToList();
            all.AddRange(page);
            if (page.Count == 0 || pageNumber * pageSize >= Int(root, "TotalCount"))
            {
                return all;
            }
        }
    }
}
