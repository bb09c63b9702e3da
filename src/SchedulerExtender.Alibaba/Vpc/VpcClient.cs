using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.OpenApi;
using static SchedulerExtender.Alibaba.Ecs.EcsJson;

namespace SchedulerExtender.Alibaba.Vpc;

/// <summary>
/// VPC OpenAPI (2016-04-28) client, for what ECS cannot do: list vSwitches by tag. Same RPC
/// style, signature, error codes and retry rules as <see cref="EcsClient"/> (one shared
/// transport); failures surface as <see cref="EcsApiException"/>.
/// </summary>
public sealed class VpcClient
{
    private readonly RpcTransport _transport;

    public VpcClient(HttpClient http, ICredentialSource credentials, VpcClientOptions options, TimeProvider? time = null, ILogger<VpcClient>? logger = null,
        ICloudApiObserver? observer = null)
    {
        RegionId = options.RegionId;
        _transport = new RpcTransport(http, credentials, "VPC", VpcClientOptions.ApiVersion, options.EffectiveEndpoint, options.Retry,
            options.JitterSeed, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger<VpcClient>.Instance, observer);
    }

    public string RegionId { get; }

    /// <summary>
    /// DescribeVSwitches, all pages (PageSize 50, the maximum), filtered by tags (Tag.N.Key /
    /// Tag.N.Value, ANDed; an empty value matches any value), VPC, zone and vSwitch ID; every
    /// filter is optional.
    /// </summary>
    public Task<IReadOnlyList<VpcVSwitch>> DescribeVSwitchesAsync(IReadOnlyDictionary<string, string>? tags, string? vpcId, string? zoneId, string? vSwitchId, CancellationToken cancellationToken) =>
        _transport.AllPagesAsync("DescribeVSwitches",
            new EcsParameters().Add("RegionId", RegionId).Add("VpcId", vpcId).Add("ZoneId", zoneId).Add("VSwitchId", vSwitchId).AddTags(tags).Items,
            root => Items(root, "VSwitches", "VSwitch").Select(v => new VpcVSwitch(
                Str(v, "VSwitchId"), Str(v, "VpcId"), Str(v, "ZoneId"), Str(v, "CidrBlock"), (long)Num(v, "AvailableIpAddressCount"),
                Str(v, "Status"), Str(v, "VSwitchName"), Tags(v))),
            cancellationToken);
}
