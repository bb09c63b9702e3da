namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// The VPC OpenAPI (2016-04-28) on the same server: DescribeVSwitches with tag, VPC, zone and ID
/// filters, tags and free IP counts in the answer (tags as <c>{"Key", "Value"}</c>, as VPC writes them).
/// </summary>
public sealed partial class EcsEmulator
{
    public const string VpcApiVersion = "2016-04-28";

    /// <summary>Adds (or overwrites) tags on a vSwitch; throws for an unknown ID.</summary>
    public void TagVSwitch(string vSwitchId, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var index = _vSwitches.FindIndex(v => v.VSwitchId == vSwitchId);
            if (index < 0)
            {
                throw new ArgumentException($"The emulator has no vSwitch {vSwitchId}.", nameof(vSwitchId));
            }

            _vSwitches[index] = _vSwitches[index] with { Tags = Merge(_vSwitches[index].Tags, tags) };
        }
    }

    /// <summary>Adds (or overwrites) tags on a security group; throws for an unknown ID.</summary>
    public void TagSecurityGroup(string securityGroupId, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var index = _securityGroups.FindIndex(g => g.SecurityGroupId == securityGroupId);
            if (index < 0)
            {
                throw new ArgumentException($"The emulator has no security group {securityGroupId}.", nameof(securityGroupId));
            }

            _securityGroups[index] = _securityGroups[index] with { Tags = Merge(_securityGroups[index].Tags, tags) };
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> have, IReadOnlyDictionary<string, string> add)
    {
        var merged = new Dictionary<string, string>(have, StringComparer.Ordinal);
        foreach (var (key, value) in add)
        {
            merged[key] = value;
        }

        return merged;
    }

    private EcsEmulatorResponse DispatchVpc(EcsEmulatorRequest request) => request.Action switch
    {
        "DescribeVSwitches" => DescribeVpcVSwitches(request),
        _ => Error(404, "InvalidAction.NotFound", $"Specified api is not found, please check your url and method: {request.Action}."),
    };

    private EcsEmulatorResponse DescribeVpcVSwitches(EcsEmulatorRequest request)
    {
        var tags = request.Tags();
        var matching = _vSwitches.Where(v => v.RegionId == request["RegionId"] && HasTags(v.Tags, tags)
            && (request["VpcId"] is not { Length: > 0 } vpc || v.VpcId == vpc)
            && (request["ZoneId"] is not { Length: > 0 } zone || v.ZoneId == zone)
            && (request["VSwitchId"] is not { Length: > 0 } id || v.VSwitchId == id)).ToList();
        return Paged(request, matching, "VSwitches", "VSwitch", v => new()
        {
            ["VSwitchId"] = v.VSwitchId,
            ["VpcId"] = v.VpcId,
            ["ZoneId"] = v.ZoneId,
            ["CidrBlock"] = v.CidrBlock,
            ["AvailableIpAddressCount"] = v.AvailableIpAddressCount,
            ["Status"] = "Available",
            ["VSwitchName"] = v.VSwitchId,
            ["IsDefault"] = false,
            ["Tags"] = new Dictionary<string, object?>
            {
                ["Tag"] = v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => new Dictionary<string, object?> { ["Key"] = t.Key, ["Value"] = t.Value }).ToList(),
            },
        });
    }
}
