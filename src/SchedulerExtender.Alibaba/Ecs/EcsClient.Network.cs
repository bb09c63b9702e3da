using SchedulerExtender.Alibaba.Ecs.Models;
using static SchedulerExtender.Alibaba.Ecs.EcsJson;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>vSwitches, security groups and images: what an ECSNodeClass's selectors resolve to.</summary>
public sealed partial class EcsClient
{
    /// <summary>
    /// DescribeVSwitches (ECS 2014-05-26), all pages, optionally for one VPC or zone. This ECS action
    /// neither filters nor returns tags: tag selectors need the VPC API's DescribeVSwitches
    /// (<see cref="Vpc.VpcClient"/>).
    /// </summary>
    public Task<IReadOnlyList<EcsVSwitch>> DescribeVSwitchesAsync(string? vpcId, string? zoneId, CancellationToken cancellationToken) =>
        _transport.AllPagesAsync("DescribeVSwitches", new EcsParameters().Add("RegionId", RegionId).Add("VpcId", vpcId).Add("ZoneId", zoneId).Items,
            root => Items(root, "VSwitches", "VSwitch").Select(v => new EcsVSwitch(
                Str(v, "VSwitchId"), Str(v, "VpcId"), Str(v, "ZoneId"), Str(v, "CidrBlock"), (long)Num(v, "AvailableIpAddressCount"),
                Str(v, "Status"), Str(v, "VSwitchName"))),
            cancellationToken);

    /// <summary>DescribeSecurityGroups, all pages, filtered by tags (ANDed) and optionally a VPC.</summary>
    public Task<IReadOnlyList<EcsSecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyDictionary<string, string>? tags, string? vpcId, CancellationToken cancellationToken) =>
        DescribeSecurityGroupsAsync(null, tags, vpcId, cancellationToken);

    /// <summary>
    /// DescribeSecurityGroups, all pages, filtered by IDs (the SecurityGroupIds JSON array, up to
    /// 100), tags (ANDed) and a VPC; every filter is optional.
    /// </summary>
    public Task<IReadOnlyList<EcsSecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyList<string>? securityGroupIds, IReadOnlyDictionary<string, string>? tags, string? vpcId, CancellationToken cancellationToken) =>
        _transport.AllPagesAsync("DescribeSecurityGroups",
            new EcsParameters().Add("RegionId", RegionId).Add("VpcId", vpcId).AddJsonArray("SecurityGroupIds", securityGroupIds).AddTags(tags).Items,
            root => Items(root, "SecurityGroups", "SecurityGroup").Select(g => new EcsSecurityGroup(
                Str(g, "SecurityGroupId"), Str(g, "SecurityGroupName"), Str(g, "VpcId"), Tags(g))),
            cancellationToken);

    /// <summary>DescribeImages, all pages: by ID, or by owner alias (system, self, others, marketplace) and family/name.</summary>
    public Task<IReadOnlyList<EcsImage>> DescribeImagesAsync(string? imageId, string? imageOwnerAlias, string? imageFamily, string? imageName, CancellationToken cancellationToken) =>
        DescribeImagesAsync(imageId, imageOwnerAlias, imageFamily, imageName, architecture: null, cancellationToken);

    /// <summary>DescribeImages, all pages, additionally filtered by Architecture (x86_64, arm64, i386).</summary>
    public Task<IReadOnlyList<EcsImage>> DescribeImagesAsync(string? imageId, string? imageOwnerAlias, string? imageFamily, string? imageName, string? architecture, CancellationToken cancellationToken) =>
        _transport.AllPagesAsync("DescribeImages", new EcsParameters().Add("RegionId", RegionId).Add("ImageId", imageId)
                .Add("ImageOwnerAlias", imageOwnerAlias).Add("ImageFamily", imageFamily).Add("ImageName", imageName).Add("Architecture", architecture).Items,
            root => Items(root, "Images", "Image").Select(i => new EcsImage(
                Str(i, "ImageId"), Str(i, "ImageName"), Str(i, "ImageFamily"), Str(i, "Architecture"), Str(i, "OSType"),
                Str(i, "OSName"), Str(i, "ImageOwnerAlias"), Str(i, "Status"), Time(i, "CreationTime"))),
            cancellationToken);
}
