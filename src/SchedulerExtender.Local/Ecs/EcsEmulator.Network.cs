using System.Globalization;
using System.Text.Json;

namespace SchedulerExtender.Local.Ecs;

/// <summary>vSwitches, security groups and images: seeded per region, extendable through the control surface.</summary>
public sealed partial class EcsEmulator
{
    /// <summary>The image every region offers by default: the newest ContainerOS, what ECSNodeClass's <c>alias: ContainerOS</c> resolves to.</summary>
    public const string DefaultImageId = "m-emulator-containeros";

    /// <summary>The ContainerOS image family on x86_64 (ContainerOS has no arm64 build).</summary>
    public const string ContainerOsFamily = "acs:lifsea_os_3_x64";

    private readonly List<EmulatedVSwitch> _vSwitches = [];
    private readonly List<EmulatedSecurityGroup> _securityGroups = [];
    private readonly List<EmulatedImage> _images = [];

    public void AddVSwitch(EmulatedVSwitch vSwitch)
    {
        lock (_lock)
        {
            _vSwitches.Add(vSwitch);
        }
    }

    public void AddSecurityGroup(EmulatedSecurityGroup group)
    {
        lock (_lock)
        {
            _securityGroups.Add(group);
        }
    }

    public void AddImage(EmulatedImage image)
    {
        lock (_lock)
        {
            _images.Add(image);
        }
    }

    private static string VpcOf(string region) => $"vpc-emulator-{region}";

    /// <summary>The vSwitch's free addresses: what it had empty, less one per live instance in it.</summary>
    private long FreeAddresses(EmulatedVSwitch vSwitch) =>
        Math.Max(0, vSwitch.AvailableIpAddressCount - _instances.Count(i => i.VSwitchId == vSwitch.VSwitchId));

    /// <summary>
    /// One vSwitch per zone, one security group per region (both carrying
    /// <see cref="EcsEmulatorOptions.SeedNetworkTags"/>), and per region two ContainerOS images and
    /// three Alibaba Cloud Linux 3 images (x86_64 old and new, arm64) with distinct CreationTimes,
    /// the newest ContainerOS being <see cref="DefaultImageId"/>, so a launch works out of the box.
    /// </summary>
    private void SeedNetwork()
    {
        var tags = new Dictionary<string, string>(Options.SeedNetworkTags, StringComparer.Ordinal);
        foreach (var region in Options.Catalog.Regions)
        {
            foreach (var zone in Options.Catalog.ZonesIn(region))
            {
                _vSwitches.Add(new EmulatedVSwitch($"vsw-{zone}", VpcOf(region), region, zone, "10.0.0.0/16") { Tags = tags });
            }

            _securityGroups.Add(new EmulatedSecurityGroup($"sg-emulator-{region}", "default", VpcOf(region), region, tags));
            _images.AddRange(
            [
                SystemImage(DefaultImageId, region, "lifsea_3_x64_10G_alibase_20250301.qcow2", ContainerOsFamily, "x86_64", 2025, 3),
                SystemImage("m-emulator-containeros-2024", region, "lifsea_3_x64_10G_alibase_20240901.qcow2", ContainerOsFamily, "x86_64", 2024, 9),
                SystemImage("m-emulator-alinux3-x64", region, "aliyun_3_x64_20G_alibase_20250201.vhd", "acs:alibaba_cloud_linux_3_2104_lts_x64", "x86_64", 2025, 2),
                SystemImage("m-emulator-alinux3-x64-2024", region, "aliyun_3_x64_20G_alibase_20240801.vhd", "acs:alibaba_cloud_linux_3_2104_lts_x64", "x86_64", 2024, 8),
                SystemImage("m-emulator-alinux3-arm64", region, "aliyun_3_arm64_20G_alibase_20250115.vhd", "acs:alibaba_cloud_linux_3_2104_lts_arm64", "arm64", 2025, 1),
            ]);
        }
    }

    private static EmulatedImage SystemImage(string id, string region, string name, string family, string architecture, int year, int month) =>
        new(id, region, name, family, architecture, "system") { CreationTime = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero) };

    // ECS's (deprecated) DescribeVSwitches filters by VPC, zone and ID only and returns no tags;
    // selecting vSwitches by tag needs the VPC API (EcsEmulator.Vpc.cs).
    private EcsEmulatorResponse DescribeVSwitches(EcsEmulatorRequest request) => VSwitchPage(request, withTags: false);

    // One listing for both APIs: the VPC API's adds the tag filter and reports tags.
    private EcsEmulatorResponse VSwitchPage(EcsEmulatorRequest request, bool withTags)
    {
        IReadOnlyDictionary<string, string> tags = withTags ? request.Tags() : new Dictionary<string, string>();
        var matching = _vSwitches.Where(v => v.RegionId == request["RegionId"] && HasTags(v.Tags, tags)
            && (request["VpcId"] is not { Length: > 0 } vpc || v.VpcId == vpc)
            && (request["ZoneId"] is not { Length: > 0 } zone || v.ZoneId == zone)
            && (request["VSwitchId"] is not { Length: > 0 } id || v.VSwitchId == id)).ToList();
        return Paged(request, matching, "VSwitches", "VSwitch", v =>
        {
            var shape = new Dictionary<string, object?>
            {
                ["VSwitchId"] = v.VSwitchId,
                ["VpcId"] = v.VpcId,
                ["ZoneId"] = v.ZoneId,
                ["CidrBlock"] = v.CidrBlock,
                ["AvailableIpAddressCount"] = FreeAddresses(v),
                ["Status"] = "Available",
                ["VSwitchName"] = v.VSwitchId,
            };
            if (withTags)
            {
                shape["IsDefault"] = false;
                shape["Tags"] = new Dictionary<string, object?>
                {
                    ["Tag"] = v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
                        .Select(t => new Dictionary<string, object?> { ["Key"] = t.Key, ["Value"] = t.Value }).ToList(),
                };
            }

            return shape;
        });
    }

    private EcsEmulatorResponse DescribeSecurityGroups(EcsEmulatorRequest request)
    {
        var tags = request.Tags();
        if (JsonList(request["SecurityGroupIds"]) is not { } ids)
        {
            return InvalidParameter("SecurityGroupIds", request["SecurityGroupIds"]);
        }

        var matching = _securityGroups.Where(g => g.RegionId == request["RegionId"] && HasTags(g.Tags, tags)
            && (ids.Count == 0 || ids.Contains(g.SecurityGroupId))
            && (request["SecurityGroupId"] is not { Length: > 0 } id || g.SecurityGroupId == id)
            && (request["VpcId"] is not { Length: > 0 } vpc || g.VpcId == vpc)).ToList();
        return Paged(request, matching, "SecurityGroups", "SecurityGroup", g => new()
        {
            ["SecurityGroupId"] = g.SecurityGroupId,
            ["SecurityGroupName"] = g.Name,
            ["VpcId"] = g.VpcId,
            ["Tags"] = TagsJson(g.Tags),
        });
    }

    private EcsEmulatorResponse DescribeImages(EcsEmulatorRequest request)
    {
        var matching = _images.Where(i => i.RegionId == request["RegionId"]
            && (request["ImageId"] is not { Length: > 0 } id || i.ImageId == id)
            && (request["ImageOwnerAlias"] is not { Length: > 0 } owner || i.OwnerAlias == owner)
            && (request["ImageFamily"] is not { Length: > 0 } family || i.ImageFamily == family)
            && (request["ImageName"] is not { Length: > 0 } name || i.ImageName == name)
            && (request["Architecture"] is not { Length: > 0 } architecture || i.Architecture == architecture)).ToList();
        return Paged(request, matching, "Images", "Image", i => new()
        {
            ["ImageId"] = i.ImageId,
            ["ImageName"] = i.ImageName,
            ["ImageFamily"] = i.ImageFamily,
            ["Architecture"] = i.Architecture,
            ["OSType"] = "linux",
            ["OSName"] = i.ImageName,
            ["ImageOwnerAlias"] = i.OwnerAlias,
            ["Status"] = "Available",
            ["CreationTime"] = i.CreationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A JSON string array parameter: empty when absent, null when not a JSON string array.</summary>
    private static IReadOnlyList<string>? JsonList(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private EcsEmulatorResponse Paged<T>(EcsEmulatorRequest request, List<T> all, string wrapper, string item, Func<T, Dictionary<string, object?>> write)
    {
        if (Slice(all, request, defaultSize: 10, maxSize: 50) is not { } page)
        {
            return InvalidParameter("PageSize", request["PageSize"]);
        }

        return Ok(new()
        {
            [wrapper] = new Dictionary<string, object?> { [item] = page.Page.Select(write).ToList() },
            ["TotalCount"] = all.Count,
            ["PageNumber"] = page.Number,
            ["PageSize"] = page.Size,
        });
    }
}
