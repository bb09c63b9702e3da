using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Prometheus;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// The provisioner end to end over loopback HTTP: the embedded Kubernetes API, the ECS emulator
/// (instances running at once), the production AlibabaCloudProvider and the controller with short
/// timings. The test plays the scheduler (marks pods Unschedulable) and the kubelet (a Node per
/// running instance).
/// </summary>
internal sealed class ProvisionerHarness : IAsyncDisposable
{
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly AlibabaProvisioningStack _stack;
    private readonly ProvisioningConfig _config;

    private ProvisionerHarness(EmbeddedKubeApi api, EcsEmulatorServer ecs, ListWatchCache<V1Pod> pods, ListWatchCache<V1Node> nodes, ListWatchCache<V1DaemonSet> daemonSets, VolumeCaches volumes, NodeClaimCache claimCache, k8s.Kubernetes controllerClient, RequestLog controllerRequests)
    {
        Api = api;
        Ecs = ecs;
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') });
        Pods = pods;
        Nodes = nodes;
        DaemonSets = daemonSets;
        Volumes = volumes;
        ClaimCache = claimCache;
        ControllerClient = controllerClient;
        ControllerRequests = controllerRequests;
        _stack = EmulatorProvisioningStack.Create(ecs, Logs);
        var source = new ProvisioningConfigSource();
        source.Load([("nodepool", ArticleProvisioningConfig.NodePool), ("nodeclass", ArticleProvisioningConfig.NodeClass)]).Should().BeEmpty();
        _config = source.Current;
    }

    public EmbeddedKubeApi Api { get; }

    public EcsEmulatorServer Ecs { get; }

    public EcsEmulator Emulator => Ecs.Emulator;

    public k8s.Kubernetes Client { get; }

    public ListWatchCache<V1Pod> Pods { get; }

    public ListWatchCache<V1Node> Nodes { get; }

    public ListWatchCache<V1DaemonSet> DaemonSets { get; }

    /// <summary>The PersistentVolumeClaims, PersistentVolumes and StorageClasses as the provisioners read them.</summary>
    public VolumeCaches Volumes { get; }

    /// <summary>The client of the caches and provisioners (the test's own requests go through <see cref="Client"/>).</summary>
    public k8s.Kubernetes ControllerClient { get; }

    /// <summary>Every request of <see cref="ControllerClient"/>.</summary>
    public RequestLog ControllerRequests { get; }

    /// <summary>The NodeClaims as the provisioners read them (list+watch).</summary>
    public NodeClaimCache ClaimCache { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public CollectorRegistry MetricsRegistry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public NodeClaimStore Claims => new(Client);

    public static async Task<ProvisionerHarness> StartAsync()
    {
        var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Url = "http://127.0.0.1:0" });
        var ecs = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions
        {
            Seed = 1,
            PendingDuration = TimeSpan.Zero,
            StartingDuration = TimeSpan.Zero,
            SeedNetworkTags = new Dictionary<string, string> { [ArticleProvisioningConfig.DiscoveryTag] = ArticleProvisioningConfig.ClusterName },
        }));
        var requests = new RequestLog();
        var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') }, requests);
        var pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client));
        var nodes = new ListWatchCache<V1Node>(KubeListWatchSources.Nodes(client));
        var daemonSets = new ListWatchCache<V1DaemonSet>(KubeListWatchSources.DaemonSets(client));
        await pods.StartAsync(CancellationToken.None);
        await nodes.StartAsync(CancellationToken.None);
        await daemonSets.StartAsync(CancellationToken.None);
        var volumes = new VolumeCaches(client);
        await volumes.StartAsync(CancellationToken.None);
        var claimCache = new NodeClaimCache(client);
        await claimCache.StartAsync(CancellationToken.None);
        return new ProvisionerHarness(api, ecs, pods, nodes, daemonSets, volumes, claimCache, client, requests);
    }

    /// <summary>The production cloud provider on the emulator (to wrap in a test's decorator).</summary>
    public ICloudProvider Cloud => _stack.Cloud;

    /// <summary>Starts a provisioner (a fresh process, as after a restart: no memory of earlier runs), on <paramref name="cloud"/> when given.</summary>
    public void StartProvisioner(TimeSpan? registrationTimeout = null, ICloudProvider? cloud = null, int maxParallelLaunches = ProvisionerSettings.DefaultMaxParallelLaunches, NodeClaimCache? claims = null)
    {
        var controller = new ProvisioningController(ControllerClient, Pods, Nodes, claims ?? ClaimCache, cloud ?? _stack.Cloud, _stack.NodeClasses, _ => Task.FromResult(_config),
            new ProvisionerSettings
            {
                Batch = new BatchWindow(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
                PollInterval = TimeSpan.FromMilliseconds(50),
                RegistrationTimeout = registrationTimeout ?? TimeSpan.FromMinutes(15),
                MaxParallelLaunches = maxParallelLaunches,
            },
            new ProvisionerMetrics(MetricsRegistry), TimeProvider.System, Logs.For<ProvisioningController>(), daemonSets: DaemonSets, volumes: Volumes);
        var stop = new CancellationTokenSource();
        _running.Add((stop, Task.Run(() => controller.RunAsync(stop.Token))));
    }

    /// <summary>Stops every running provisioner, as a crash would (no clean-up of claims or instances).</summary>
    public async Task StopProvisionersAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }

        _running.Clear();
    }

    /// <summary>A Spark pod as the webhook and scheduler leave it: labelled, requests set, PodScheduled=False/Unschedulable.</summary>
    public async Task CreatePendingSparkPodAsync(string name, string role, string app = "spark-pi", double cpu = 1, int memoryMiB = 896, IList<V1Volume>? volumes = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Labels = new Dictionary<string, string> { ["spark-role"] = role, ["spark-app-selector"] = app },
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "spark",
                        Image = "apache/spark:3.5.3",
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity>
                            {
                                ["cpu"] = new(cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                                ["memory"] = new($"{memoryMiB}Mi"),
                            },
                        },
                    },
                ],
                Volumes = volumes,
            },
        };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "False",
                    ["reason"] = "Unschedulable",
                    ["message"] = "0/0 nodes are available.",
                }),
            },
        };
        await Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(status), name, "default");
    }

    /// <summary>The scheduler's part: the pod bound now (PodScheduled=True).</summary>
    public async Task BindPodAsync(string name)
    {
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "True",
                    ["lastTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
        await Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(status), name, "default");
    }

    /// <summary>The provisioner's metrics as Prometheus text.</summary>
    public async Task<string> ExportMetricsAsync()
    {
        using var stream = new MemoryStream();
        await MetricsRegistry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The kubelet's part: a Ready Node (providerID region.instance-id) for every instance without one.</summary>
    public async Task JoinRunningInstancesAsync()
    {
        var existing = (await Client.CoreV1.ListNodeAsync()).Items.Select(n => n.Spec?.ProviderID).ToHashSet();
        foreach (var instance in Emulator.ListInstances())
        {
            var providerId = $"{instance.RegionId}.{instance.InstanceId}";
            if (existing.Contains(providerId))
            {
                continue;
            }

            await Client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = $"{instance.RegionId}.{instance.InstanceId}", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = instance.InstanceId } },
                Spec = new V1NodeSpec { ProviderID = providerId },
                Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
            });
        }
    }

    /// <summary>The instance types the provisioner buys from (the emulator's catalogue).</summary>
    public Task<IReadOnlyList<InstanceType>> CatalogAsync() => _stack.Cloud.GetInstanceTypesAsync(CancellationToken.None);

    /// <summary>The plan the controller would make now for the pending pods (no claims in flight, no DaemonSets).</summary>
    public async Task<LaunchPlan> PlanAsync(int expectedPods)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Pods.Items.Values.Count(PendingPods.IsPending) < expectedPods)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the pod cache sees the pending pods");
            await Task.Delay(20);
        }

        var pending = Pods.Items.Values.Where(PendingPods.IsPending).Select(p => PendingPods.Read(p, out _)!).ToList();
        var pool = _config.NodePools.Single();
        var snapshot = new ProvisioningSnapshot(pending, [], [new NodePoolState(pool, ResourceAmounts.Zero, 20L << 30)], []);
        var catalog = await _stack.Cloud.GetInstanceTypesAsync(CancellationToken.None);
        return Solver.Solve(snapshot, catalog, DateTimeOffset.UtcNow, SolverOptions.Default.WithNodeClass(_config.NodeClassFor(pool)));
    }

    public async Task<IReadOnlyList<NodeClaimResource>> ListClaimsAsync() => await Claims.ListAsync((_, e) => throw e, CancellationToken.None);

    /// <summary>Waits (playing the kubelet when asked) until the condition holds; fails with the provisioner's log otherwise.</summary>
    public Task EventuallyAsync(Func<IReadOnlyList<NodeClaimResource>, bool> condition, string what, bool joinNodes = false) =>
        Eventually.HoldsAsync(
            async () =>
            {
                if (joinNodes)
                {
                    await JoinRunningInstancesAsync();
                }

                return condition(await ListClaimsAsync());
            },
            what,
            context: () => string.Join("\n", Logs.Lines));

    public async ValueTask DisposeAsync()
    {
        await StopProvisionersAsync();
        await Pods.DisposeAsync();
        await Nodes.DisposeAsync();
        await DaemonSets.DisposeAsync();
        await Volumes.DisposeAsync();
        await ClaimCache.DisposeAsync();
        _stack.Dispose();
        Client.Dispose();
        ControllerClient.Dispose();
        await Ecs.DisposeAsync();
        await Api.DisposeAsync();
    }
}
