namespace SchedulerExtender.Local.Ecs;

/// <summary>vSwitches, security groups and images: seeded per region, extendable through the control surface.</summary>
public sealed partial class EcsEmulator
{
    /// <summary>The image every region offers by default (alias-style name for ECSNodeClass's <c>alias: ContainerOS</c>).</summary>
    public const string DefaultImageId = "m-emulator-containeros";

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

    /// <summary>One vSwitch per zone, one security group and one image per region, so a launch works out of the box.</summary>
    private void SeedNetwork()
    {
        foreach (var region in Options.Catalog.Regions)
        {
            foreach (var zone in Options.Catalog.ZonesIn(region))
            {
                _vSwitches.Add(new EmulatedVSwitch($"vsw-{zone}", VpcOf(region), region, zone, "10.0.0.0/16"));
            }

            _securityGroups.Add(new EmulatedSecurityGroup($"sg-emulator-{region}", "default", VpcOf(region), region, new Dictionary<string, string>()));
            _images.Add(new EmulatedImage(DefaultImageId, region, "ContainerOS 3 (emulator)", "ContainerOS", "x86_64", "system"));
        }
    }

    // ECS's (deprecated) DescribeVSwitches filters by VPC, zone and ID only and returns no tags;
    // selecting vSwitches by tag needs the VPC API, which the emulator does not serve.
    private EcsEmulatorResponse DescribeVSwitches(EcsEmulatorRequest request)
    {
        var matching = _vSwitches.Where(v => v.RegionId == request["RegionId"]
            && (request["VpcId"] is not { Length: > 0 } vpc || v.VpcId == vpc)
            && (request["ZoneId"] is not { Length: > 0 } zone || v.ZoneId == zone)
            && (request["VSwitchId"] is not { Length: > 0 } id || v.VSwitchId == id)).ToList();
        return Paged(request, matching, "VSwitches", "VSwitch", v => new()
        {
            ["VSwitchId"] = v.VSwitchId,
            ["VpcId"] = v.VpcId,
            ["ZoneId"] = v.ZoneId,
            ["CidrBlock"] = v.CidrBlock,
            ["AvailableIpAddressCount"] = 4000,
            ["Status"] = "Available",
            ["VSwitchName"] = v.VSwitchId,
        });
    }

    private EcsEmulatorResponse DescribeSecurityGroups(EcsEmulatorRequest request)
    {
        var tags = request.Tags();
        var matching = _securityGroups.Where(g => g.RegionId == request["RegionId"] && HasTags(g.Tags, tags)
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
            && (request["ImageName"] is not { Length: > 0 } name || i.ImageName == name)).ToList();
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
            ["CreationTime"] = "2024-06-01T00:00:00Z",
        });
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
