using System.Globalization;
using System.Text.Json;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Ecs;

/// <summary>RunInstances, DescribeInstances, DeleteInstances, stock and reclaim.</summary>
public sealed partial class EcsEmulator
{
    // Parameters that differ between two sends of the same logical request.
    private static readonly HashSet<string> PerSendParameters = new(StringComparer.Ordinal)
    {
        "Signature", "SignatureNonce", "Timestamp", "AccessKeyId", "SecurityToken", "SignatureMethod", "SignatureVersion", "Format",
    };

    private readonly List<EmulatedInstance> _instances = [];
    private readonly List<EmulatedInstance> _launched = [];
    private readonly Dictionary<(string Type, string Zone, CapacityType CapacityType), int> _stock = [];
    private readonly Dictionary<string, (string Fingerprint, string InstanceId)> _clientTokens = new(StringComparer.Ordinal);

    /// <summary>Every instance not yet released, in launch order.</summary>
    public IReadOnlyList<EmulatedInstance> ListInstances()
    {
        lock (_lock)
        {
            ReleaseReclaimed();
            return [.. _instances];
        }
    }

    /// <summary>
    /// Every instance ever launched, released ones included, as it was at launch, in launch order:
    /// what a chaos test compares with the NodeClaims to prove nothing was launched twice.
    /// </summary>
    public IReadOnlyList<EmulatedInstance> LaunchHistory()
    {
        lock (_lock)
        {
            return [.. _launched];
        }
    }

    /// <summary>Limits how many more instances of an offering can be launched; null removes the limit.</summary>
    public void SetStock(string instanceType, string zone, CapacityType capacityType, int? count)
    {
        lock (_lock)
        {
            if (count is { } c)
            {
                _stock[(instanceType, zone, capacityType)] = Math.Max(0, c);
            }
            else
            {
                _stock.Remove((instanceType, zone, capacityType));
            }
        }
    }

    /// <summary>Remaining stock of an offering; null when unlimited.</summary>
    public int? StockOf(string instanceType, string zone, CapacityType capacityType)
    {
        lock (_lock)
        {
            return _stock.TryGetValue((instanceType, zone, capacityType), out var c) ? c : null;
        }
    }

    /// <summary>
    /// Announces the reclaim of a spot instance now: it shows LockReason Recycling at once and is
    /// released <see cref="EcsEmulatorOptions.ReclaimNotice"/> later.
    /// </summary>
    public void ReclaimInstance(string instanceId)
    {
        lock (_lock)
        {
            var index = _instances.FindIndex(i => i.InstanceId == instanceId);
            if (index < 0)
            {
                throw new InvalidOperationException($"Instance {instanceId} does not exist.");
            }

            if (_instances[index].CapacityType != CapacityType.Spot)
            {
                throw new InvalidOperationException($"Instance {instanceId} is on-demand; only spot instances are reclaimed.");
            }

            _instances[index] = _instances[index] with { ReclaimAnnouncedAt = _instances[index].ReclaimAnnouncedAt ?? Now };
        }
    }

    private void ReleaseReclaimed() =>
        _instances.RemoveAll(i => i.ReclaimAnnouncedAt is { } announced && Now >= announced + Options.ReclaimNotice);

    private EcsEmulatorResponse RunInstances(EcsEmulatorRequest request)
    {
        var token = request["ClientToken"];
        var fingerprint = string.Join('&', request.Parameters.Where(p => !PerSendParameters.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        if (token is { Length: > 0 } && _clientTokens.TryGetValue(token, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? Launched(earlier.InstanceId)
                : Error(400, "IdempotentParameterMismatch", "The specified parameters are different from before.");
        }

        var region = request["RegionId"]!;
        var typeName = request["InstanceType"];
        var zone = request["ZoneId"];
        foreach (var required in new[] { "InstanceType", "ZoneId", "ImageId", "VSwitchId", "SecurityGroupId" })
        {
            if (string.IsNullOrEmpty(request[required]))
            {
                return Error(400, "MissingParameter", $"The input parameter \"{required}\" that is mandatory for processing this request is not supplied.");
            }
        }

        if (Options.Catalog.FindType(region, typeName!) is null)
        {
            return Error(400, "InvalidInstanceType.ValueNotSupported", $"The specified InstanceType {typeName} does not exist or is not supported in {region}.");
        }

        if (Options.Catalog.RegionOf(zone!) != region)
        {
            return Error(400, "InvalidZoneId.NotFound", $"The specified zone {zone} does not exist in {region}.");
        }

        if (request.Int("Amount", 1) != 1)
        {
            return InvalidParameter("Amount", request["Amount"]);
        }

        var strategy = request["SpotStrategy"] ?? "NoSpot";
        if (strategy is not ("NoSpot" or "SpotAsPriceGo" or "SpotWithPriceLimit"))
        {
            return InvalidParameter("SpotStrategy", strategy);
        }

        var capacity = CapacityOf(strategy);
        if ((capacity == CapacityType.Spot && SpotPrice(typeName!, zone!) is null)
            || Options.Catalog.Find(typeName!, zone!, CapacityType.OnDemand) is null)
        {
            return Error(403, "Zone.NotOnSale", $"The instance type {typeName} is not on sale in {zone} as {strategy}.");
        }

        if (strategy == "SpotWithPriceLimit"
            && (!double.TryParse(request["SpotPriceLimit"], NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || limit < SpotPrice(typeName!, zone!)))
        {
            return Error(400, "InvalidSpotPriceLimit.LowerThanPublicPrice", "The specified SpotPriceLimit is lower than the current spot price.");
        }

        if (_vSwitches.Find(v => v.VSwitchId == request["VSwitchId"]) is { } vSwitch && FreeAddresses(vSwitch) == 0)
        {
            return Error(403, "InvalidVSwitchId.IpNotEnough", $"The specified VSwitch {vSwitch.VSwitchId} has not enough IP addresses.");
        }

        var key = (typeName!, zone!, capacity);
        var outOfStock = _stock.TryGetValue(key, out var left) && left <= 0;
        if (outOfStock || (_faults.StockOutRate > 0 && _random.NextDouble() < _faults.StockOutRate))
        {
            return Error(403, "OperationDenied.NoStock", "The requested resource is sold out in the specified zone; try other types of resources or other regions and zones.");
        }

        if (_stock.ContainsKey(key))
        {
            _stock[key] = left - 1;
        }

        var id = "i-emu" + (_random.NextInt64() & 0xFFFFFFFFFFFFF).ToString("x13", CultureInfo.InvariantCulture);
        var instance = new EmulatedInstance(id, region, zone!, typeName!, capacity, strategy, request["ImageId"]!, request["VSwitchId"]!,
            request["SecurityGroupId"]!, request["InstanceName"] ?? id, request["UserData"] ?? "", request.Tags(), Now)
        { ClientToken = token is { Length: > 0 } ? token : null };
        _instances.Add(instance);
        _launched.Add(instance);
        if (token is { Length: > 0 })
        {
            _clientTokens[token] = (fingerprint, id);
        }

        return Launched(id);
    }

    private EcsEmulatorResponse Launched(string instanceId) => Ok(new()
    {
        ["InstanceIdSets"] = new Dictionary<string, object?> { ["InstanceIdSet"] = new[] { instanceId } },
        ["OrderId"] = "emu-order-" + instanceId,
        ["TradePrice"] = 0,
    });

    private EcsEmulatorResponse DescribeInstances(EcsEmulatorRequest request)
    {
        IReadOnlyList<string>? ids = null;
        if (request["InstanceIds"] is { Length: > 0 } idsJson)
        {
            try
            {
                ids = JsonSerializer.Deserialize<string[]>(idsJson);
            }
            catch (JsonException)
            {
                return InvalidParameter("InstanceIds", idsJson);
            }
        }

        var tags = request.Tags();
        var matching = _instances.Where(i => i.RegionId == request["RegionId"] && (ids is null || ids.Contains(i.InstanceId)) && HasTags(i.Tags, tags)).ToList();
        if (Slice(matching, request, defaultSize: 10, maxSize: 100) is not { } page)
        {
            return InvalidParameter("PageSize", request["PageSize"]);
        }

        return Ok(new()
        {
            ["Instances"] = new Dictionary<string, object?> { ["Instance"] = page.Page.Select(InstanceJson).ToList() },
            ["TotalCount"] = matching.Count,
            ["PageNumber"] = page.Number,
            ["PageSize"] = page.Size,
        });
    }

    private Dictionary<string, object?> InstanceJson(EmulatedInstance i)
    {
        var type = Options.Catalog.FindType(i.RegionId, i.InstanceType)!;
        var locks = i.ReclaimAnnouncedAt is null
            ? []
            : new[] { new Dictionary<string, object?> { ["LockReason"] = "Recycling", ["LockMsg"] = "The spot instance is about to be released." } };
        return new()
        {
            ["InstanceId"] = i.InstanceId,
            ["InstanceName"] = i.InstanceName,
            ["HostName"] = i.InstanceName,
            ["InstanceType"] = i.InstanceType,
            ["InstanceTypeFamily"] = type.Family,
            ["RegionId"] = i.RegionId,
            ["ZoneId"] = i.ZoneId,
            ["Status"] = i.StatusAt(Now, Options),
            ["InstanceChargeType"] = "PostPaid",
            ["SpotStrategy"] = i.SpotStrategy,
            ["InstanceNetworkType"] = "vpc",
            ["CreationTime"] = i.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
            ["Cpu"] = (int)type.Vcpu,
            ["Memory"] = (int)Math.Round(type.MemoryGiB * 1024), // DescribeInstances reports MiB.
            ["ImageId"] = i.ImageId,
            ["OSType"] = "linux",
            ["VpcAttributes"] = new Dictionary<string, object?> { ["VSwitchId"] = i.VSwitchId, ["VpcId"] = VpcOf(i.RegionId) },
            ["SecurityGroupIds"] = new Dictionary<string, object?> { ["SecurityGroupId"] = new[] { i.SecurityGroupId } },
            ["Tags"] = TagsJson(i.Tags),
            ["OperationLocks"] = new Dictionary<string, object?> { ["LockReason"] = locks },
        };
    }

    private EcsEmulatorResponse DeleteInstances(EcsEmulatorRequest request)
    {
        var ids = request.List("InstanceId");
        if (ids.Count == 0)
        {
            return Error(400, "MissingParameter", "The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied.");
        }

        if (ids.FirstOrDefault(id => !_instances.Any(i => i.InstanceId == id && i.RegionId == request["RegionId"])) is { } missing)
        {
            return Error(404, "InvalidInstanceId.NotFound", $"The specified InstanceId {missing} does not exist.");
        }

        if (request["Force"] != "true" && _instances.Any(i => ids.Contains(i.InstanceId) && i.StatusAt(Now, Options) != "Stopped"))
        {
            return Error(403, "IncorrectInstanceStatus", "The current status of the resource does not support this operation; use Force.");
        }

        _instances.RemoveAll(i => ids.Contains(i.InstanceId));
        return Ok([]);
    }
}
