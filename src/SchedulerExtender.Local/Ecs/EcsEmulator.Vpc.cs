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

    private EcsEmulatorResponse DescribeVpcVSwitches(EcsEmulatorRequest request) => VSwitchPage(request, withTags: true);
}
