using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.NodeClass;
using SchedulerExtender.Alibaba.OpenApi;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Alibaba.Vpc;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// The cloud side of the provisioner: ECS and VPC clients for one region and endpoint, the price
/// source, <see cref="AlibabaCloudProvider"/> and the node class resolver. The same code runs
/// against Alibaba Cloud and against the ECS emulator; only the endpoint and credentials differ.
/// Launches carry the user data of <paramref name="bootstrap"/> (plain, or ACK's attach script), and
/// every API call is reported to <paramref name="observer"/> (the cloud API metrics).
/// </summary>
public sealed class AlibabaProvisioningStack : IDisposable
{
    private readonly HttpClient _http = new();

    public AlibabaProvisioningStack(string region, string clusterId, Uri? endpoint, ICredentialSource credentials, int? spotDuration, TimeProvider time, ILoggerFactory logging,
        INodeBootstrap? bootstrap = null, ICloudApiObserver? observer = null, EcsRetryPolicy? retry = null)
    {
        var ecs = new EcsClient(_http, credentials, new EcsClientOptions { RegionId = region, Endpoint = endpoint, Retry = retry ?? new EcsRetryPolicy() }, time, logging.CreateLogger<EcsClient>(), observer);
        var vpc = new VpcClient(_http, credentials, new VpcClientOptions { RegionId = region, Endpoint = endpoint, Retry = retry ?? new EcsRetryPolicy() }, time, logging.CreateLogger<VpcClient>(), observer);
        Prices = new AlibabaPriceSource(ecs, BuiltInCatalog.Catalog, time, logging.CreateLogger<AlibabaPriceSource>());
        Cloud = new BootstrappingCloudProvider(
            new AlibabaCloudProvider(ecs, Prices, new AlibabaCloudProviderOptions { ClusterId = clusterId, SpotDuration = spotDuration }, time, logging.CreateLogger<AlibabaCloudProvider>()),
            bootstrap ?? new PlainUserDataBootstrap());
        NodeClasses = new AlibabaNodeClassResolver(new NodeClassResolver(ecs, vpc, time: time, logger: logging.CreateLogger<NodeClassResolver>()));
    }

    public AlibabaPriceSource Prices { get; }

    public ICloudProvider Cloud { get; }

    public INodeClassResolver NodeClasses { get; }

    public void Dispose() => _http.Dispose();
}
