using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Alibaba.Provider;

/// <summary>
/// <see cref="ICloudProvider"/> on ECS. Launches are idempotent per node claim twice over: an
/// instance already tagged with the claim is returned instead of launching, and each RunInstances
/// carries a ClientToken derived from the claim and offering (<see cref="LaunchTokens"/>), so the
/// client's retries after a lost response return the same instance. Every instance is tagged at
/// launch (in the same call) with <see cref="InstanceTags"/>.
/// </summary>
public sealed partial class AlibabaCloudProvider : ICloudProvider
{
    private const int MaxTagsPerInstance = 20;
    private readonly EcsClient _client;
    private readonly AlibabaPriceSource _prices;
    private readonly AlibabaCloudProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AlibabaCloudProvider(EcsClient client, AlibabaPriceSource prices, AlibabaCloudProviderOptions options, TimeProvider? time = null, ILogger<AlibabaCloudProvider>? logger = null)
    {
        _time = time ?? TimeProvider.System;
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClusterId);
        _client = client;
        _prices = prices;
        _options = options;
        _logger = logger ?? NullLogger<AlibabaCloudProvider>.Instance;
    }

    private IReadOnlyDictionary<string, string> OwnershipTags => new Dictionary<string, string>
    {
        [InstanceTags.ManagedBy] = InstanceTags.ManagedByValue,
        [InstanceTags.Cluster] = _options.ClusterId,
    };

    public async Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var tags = Tags(request);
        var existing = await _client.DescribeAllInstancesAsync(new DescribeInstancesQuery(Tags: new Dictionary<string, string>(OwnershipTags)
        {
            [InstanceTags.NodeClaim] = request.NodeClaim,
        }), cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            LogAlreadyLaunched(request.NodeClaim, existing[0].InstanceId);
            return ToCloudInstance(existing[0]);
        }

        if (request.SecurityGroupIds.Count == 0)
        {
            throw new ArgumentException($"Node claim {request.NodeClaim}: no security group to launch into.", nameof(request));
        }

        var vSwitchByZone = request.VSwitches.GroupBy(v => v.Zone).ToDictionary(g => g.Key, g => g.First().VSwitchId);
        var userData = UserDataBuilder.Build(request.Labels, request.Taints, request.UserData);
        var tried = new List<OfferingKey>();
        foreach (var type in request.Candidates)
        {
            foreach (var offering in type.Offerings.Where(o => o.CapacityType == request.CapacityType && o.Available
                && (request.Zones.Count == 0 || request.Zones.Contains(o.Zone)) && vSwitchByZone.ContainsKey(o.Zone)))
            {
                var key = new OfferingKey(type.Name, offering.Zone, offering.CapacityType);
                try
                {
                    var id = await _client.RunInstanceAsync(new RunInstancesRequest(
                        offering.Zone, type.Name, request.ImageId, vSwitchByZone[offering.Zone], request.SecurityGroupIds[0],
                        LaunchTokens.For(request.NodeClaim, type.Name, offering.Zone, offering.CapacityType),
                        offering.CapacityType == CapacityType.Spot ? SpotStrategy.SpotAsPriceGo : SpotStrategy.NoSpot,
                        tags, request.SystemDisk.Category, request.SystemDisk.SizeGiB, request.SystemDisk.PerformanceLevel,
                        userData, InstanceName: request.NodeClaim,
                        SpotDuration: offering.CapacityType == CapacityType.Spot ? _options.SpotDuration : null), cancellationToken).ConfigureAwait(false);
                    LogLaunched(request.NodeClaim, id, key.ToString());
                    return new CloudInstance(id, ProviderIds.Format(_client.RegionId, id), type.Name, offering.Zone, offering.CapacityType,
                        CloudInstanceState.Pending, tags, _time.GetUtcNow(), ReclaimPending: false);
                }
                catch (EcsApiException e) when (e.Kind == EcsErrorKind.NoStock)
                {
                    LogNoStock(request.NodeClaim, key.ToString(), e.Code);
                    tried.Add(key);
                    if (e.Code == EcsErrorCodes.VSwitchIpNotEnough)
                    {
                        // Every other offering in the zone would go through the same full vSwitch.
                        vSwitchByZone.Remove(offering.Zone);
                    }
                }
            }
        }

        throw new InsufficientCapacityException(tried, tried.Count == 0
            ? "no candidate offering matches the zones and vSwitches"
            : "no candidate offering could be launched (out of stock, over quota or no address left in its vSwitch)");
    }

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteInstancesAsync([instanceId], cancellationToken).ConfigureAwait(false);
            LogDeleted(instanceId);
        }
        catch (EcsApiException e) when (e.Kind == EcsErrorKind.NotFound)
        {
            LogAlreadyGone(instanceId);
        }
    }

    public async Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var page = await _client.DescribeInstancesAsync(new DescribeInstancesQuery(InstanceIds: [instanceId]), cancellationToken).ConfigureAwait(false);
        return page.Items.FirstOrDefault(i => i.InstanceId == instanceId) is { } found
            ? ToCloudInstance(found)
            : throw new InstanceNotFoundException(instanceId, $"Instance {instanceId} does not exist in {_client.RegionId}.");
    }

    public async Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var instances = await _client.DescribeAllInstancesAsync(new DescribeInstancesQuery(Tags: OwnershipTags), cancellationToken).ConfigureAwait(false);
        return [.. instances.Select(ToCloudInstance)];
    }

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_prices.Current.TypesIn(_client.RegionId));

    private IReadOnlyDictionary<string, string> Tags(LaunchRequest request)
    {
        var tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in OwnershipTags)
        {
            tags[key] = value;
        }

        tags[InstanceTags.NodePool] = request.NodePool;
        tags[InstanceTags.NodeClaim] = request.NodeClaim;
        return tags.Count <= MaxTagsPerInstance
            ? tags
            : throw new ArgumentException($"Node claim {request.NodeClaim}: {tags.Count} tags; ECS allows {MaxTagsPerInstance} per instance.", nameof(request));
    }

    private CloudInstance ToCloudInstance(EcsInstance i) => new(
        i.InstanceId,
        ProviderIds.Format(i.RegionId.Length > 0 ? i.RegionId : _client.RegionId, i.InstanceId),
        i.InstanceType,
        i.ZoneId,
        i.SpotStrategy is "SpotAsPriceGo" or "SpotWithPriceLimit" ? CapacityType.Spot : CapacityType.OnDemand,
        Enum.TryParse<CloudInstanceState>(i.Status, ignoreCase: false, out var state) ? state : CloudInstanceState.Unknown,
        i.Tags,
        i.CreationTime,
        ReclaimPending: i.LockReasons.Contains("Recycling"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Node claim {NodeClaim} already has instance {InstanceId}; not launching again")]
    private partial void LogAlreadyLaunched(string nodeClaim, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node claim {NodeClaim}: launched {InstanceId} as {Offering}")]
    private partial void LogLaunched(string nodeClaim, string instanceId, string offering);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node claim {NodeClaim}: no stock for {Offering} ({Code}), trying the next offering")]
    private partial void LogNoStock(string nodeClaim, string offering, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted instance {InstanceId}")]
    private partial void LogDeleted(string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId} was already gone")]
    private partial void LogAlreadyGone(string instanceId);
}
