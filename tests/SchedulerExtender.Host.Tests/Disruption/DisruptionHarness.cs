using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Provisioning;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// The disruption controller over loopback HTTP: the embedded Kubernetes API (graceful pod
/// termination on), the ECS emulator and the production AlibabaCloudProvider. The provisioner
/// (real clock) launches the nodes a test asks for; the disruption controller runs one pass at a
/// time on a fake clock the test advances, so waits are counted in passes, never in time. The test
/// plays the scheduler (binds pods) and the kubelet (joins nodes, finishes terminating pods).
/// </summary>
internal sealed class DisruptionHarness : IAsyncDisposable
{
    private readonly AlibabaProvisioningStack _stack;
    private ProvisioningConfig _config;
    private readonly NoStockMemory _noStock = new(TimeSpan.FromMinutes(3));

    private DisruptionHarness(EmbeddedKubeApi api, EcsEmulatorServer ecs, string budget, string consolidateAfter)
    {
        Api = api;
        Ecs = ecs;
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') });
        Pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(Client));
        Nodes = new ListWatchCache<V1Node>(KubeListWatchSources.Nodes(Client));
        ClaimCache = new NodeClaimCache(Client);
        _stack = EmulatorProvisioningStack.Create(ecs, Logs);
        var pool = ArticleProvisioningConfig.NodePool
            .Replace("- nodes: 95%", $"- nodes: \"{budget}\"", StringComparison.Ordinal)
            .Replace("consolidateAfter: 1m", $"consolidateAfter: {consolidateAfter}", StringComparison.Ordinal);
        var source = new ProvisioningConfigSource();
        source.Load([("nodepool", pool), ("nodeclass", ArticleProvisioningConfig.NodeClass)]).Should().BeEmpty();
        _config = source.Current;
    }

    public EmbeddedKubeApi Api { get; }

    public EcsEmulatorServer Ecs { get; }

    public EcsEmulator Emulator => Ecs.Emulator;

    public k8s.Kubernetes Client { get; }

    public ListWatchCache<V1Pod> Pods { get; }

    public ListWatchCache<V1Node> Nodes { get; }

    /// <summary>The NodeClaims as the controllers read them (list+watch), shared as in the host.</summary>
    public NodeClaimCache ClaimCache { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public RecordingDisruptionMetrics Metrics { get; } = new();

    public ICloudProvider Cloud => _stack.Cloud;

    public NoStockMemory NoStock => _noStock;

    public NodeClaimStore Claims => new(Client);

    public static async Task<DisruptionHarness> StartAsync(string budget = "100%", string consolidateAfter = "30s")
    {
        var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Url = "http://127.0.0.1:0", Store = new KubeStoreOptions { GracefulPodTermination = true } });
        var ecs = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions
        {
            Seed = 1,
            PendingDuration = TimeSpan.Zero,
            StartingDuration = TimeSpan.Zero,
            SeedNetworkTags = new Dictionary<string, string> { [ArticleProvisioningConfig.DiscoveryTag] = ArticleProvisioningConfig.ClusterName },
        }));
        var h = new DisruptionHarness(api, ecs, budget, consolidateAfter);
        await h.Pods.StartAsync(CancellationToken.None);
        await h.Nodes.StartAsync(CancellationToken.None);
        await h.ClaimCache.StartAsync(CancellationToken.None);
        await h.ClaimCache.WaitForSyncAsync(CancellationToken.None);
        return h;
    }

    /// <summary>Edits every NodePool as a user would (kubectl apply): controllers read the new configuration at their next pass.</summary>
    public void ChangeNodePools(Func<NodePool, NodePool> change) =>
        _config = _config with { NodePools = [.. _config.NodePools.Select(change)] };

    /// <summary>A controller as a fresh process would start: nothing remembered but the shared no-stock memory.</summary>
    /// <param name="cloud">The cloud as the controller sees it (a test's decorator); the emulator's provider by default.</param>
    public DisruptionController NewController(ICloudProvider? cloud = null, NodeClaimCache? claims = null) =>
        new(Client, Pods, Nodes, claims ?? ClaimCache, cloud ?? _stack.Cloud, _ => Task.FromResult(_config),
            new DisruptionSettings { Planner = DisruptionOptions.Default, OrphanGracePeriod = TimeSpan.FromMinutes(2) },
            Metrics, Clock, Logs.For<DisruptionController>(), _noStock);

    /// <summary>
    /// Launches nodes for the given pods with a provisioner (real clock), joins them as the
    /// kubelet would, waits until every claim is Ready, then stops the provisioner and binds each
    /// pod to the node its claim was made for (the scheduler's part), Running.
    /// </summary>
    public async Task<IReadOnlyList<NodeClaimResource>> LaunchNodesForAsync(params TestPod[] pods)
    {
        foreach (var pod in pods)
        {
            await CreatePendingPodAsync(pod);
        }

        var provisioner = NewProvisioner();
        using (var stop = new CancellationTokenSource())
        {
            var run = Task.Run(() => provisioner.RunAsync(stop.Token));
            await EventuallyAsync(async () =>
            {
                await JoinRunningInstancesAsync();
                var claims = await ListClaimsAsync();
                return claims.Count > 0 && claims.All(c => c.IsTrue(NodeClaimCondition.Ready)) && Nodes.Items.Count == claims.Count;
            }, "every claim launched, joined and ready", Logs);
            await stop.CancelAsync();
            await run;
        }

        var ready = await ListClaimsAsync();
        // The controllers read claims from the watch cache: a test's next pass must find them there ready.
        await EventuallyAsync(() => Task.FromResult(ready.All(r => ClaimCache.Claims.Any(c => c.Name == r.Name && c.IsTrue(NodeClaimCondition.Ready)))), "the claim cache sees every claim ready", Logs);
        var nodeFor = PodsByNode(ready);
        foreach (var name in pods.Select(p => p.Name))
        {
            await BindRunningAsync(name, nodeFor[name]);
        }

        await EventuallyAsync(() => Task.FromResult(pods.All(p => Pods.Items.Values.Any(c => c.Metadata.Name == p.Name && c.Status?.Phase == "Running"))), "the pod cache sees the pods running");
        return ready;
    }

    /// <summary>
    /// Runs a provisioner (real clock) in the background until disposed, so that replacement
    /// claims are launched; with <paramref name="joinNodes"/> the test also plays the kubelet,
    /// joining every running instance as a Ready node, so that they register and initialize.
    /// </summary>
    public IAsyncDisposable StartProvisioner(bool joinNodes = true)
    {
        var provisioner = NewProvisioner();
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => provisioner.RunAsync(stop.Token));
        var join = Task.Run(async () =>
        {
            while (joinNodes && !stop.IsCancellationRequested)
            {
                await JoinRunningInstancesAsync();
                await Task.Delay(50);
            }
        });
        return new Stopper(async () =>
        {
            await stop.CancelAsync();
            await Task.WhenAll(run, join);
            stop.Dispose();
        });
    }

    /// <summary>Creates the pod and binds it to <paramref name="nodeName"/> at once, Running (the scheduler's and the kubelet's part).</summary>
    public async Task AddRunningPodAsync(TestPod pod, string nodeName)
    {
        await CreatePendingPodAsync(pod);
        await BindRunningAsync(pod.Name, nodeName);
        await EventuallyAsync(() => Task.FromResult(Pods.Items.Values.Any(c => c.Metadata.Name == pod.Name && c.Status?.Phase == "Running")), "the pod cache sees the pod running");
    }

    /// <summary>The pod's containers exit 0, as an executor whose work is done.</summary>
    public async Task SucceedAsync(string podName)
    {
        await Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Succeeded" } }), podName, "default");
        await EventuallyAsync(() => Task.FromResult(Pods.Items.Values.Any(c => c.Metadata.Name == podName && c.Status?.Phase == "Succeeded")), "the pod cache sees the pod finished");
    }

    /// <summary>Runs controller passes, advancing the fake clock by <paramref name="step"/> before each, until the condition holds.</summary>
    public async Task PassUntilAsync(DisruptionController controller, Func<Task<bool>> condition, string what, TimeSpan? step = null, Func<Task>? afterPass = null)
    {
        for (var pass = 0; pass < 300; pass++)
        {
            if (await condition())
            {
                return;
            }

            Clock.Advance(step ?? TimeSpan.FromSeconds(5));
            await controller.ReconcileOnceAsync(CancellationToken.None);
            if (afterPass is not null)
            {
                await afterPass();
            }

            await Task.Delay(20); // lets the watch caches catch up with what the pass wrote
        }

        throw new TimeoutException($"gave up waiting for: {what}\n{string.Join("\n", Logs.Lines)}");
    }

    /// <summary>The kubelet finishing graceful terminations: pods marked terminating are deleted with grace period 0.</summary>
    public async Task FinishTerminatingPodsAsync()
    {
        foreach (var pod in (await Client.CoreV1.ListNamespacedPodAsync("default")).Items.Where(p => p.Metadata.DeletionTimestamp is not null))
        {
            await Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default", gracePeriodSeconds: 0);
        }
    }

    public async Task<IReadOnlyList<NodeClaimResource>> ListClaimsAsync() => await Claims.ListAsync((_, e) => throw e, CancellationToken.None);

    public async Task<IList<V1Node>> ListNodesAsync() => (await Client.CoreV1.ListNodeAsync()).Items;

    public async Task<V1Pod?> ReadPodAsync(string name) => (await Client.CoreV1.ListNamespacedPodAsync("default")).Items.FirstOrDefault(p => p.Metadata.Name == name);

    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, RecordingLoggerProvider? logs = null) =>
        Eventually.HoldsAsync(condition, what, context: logs is null ? null : () => string.Join("\n", logs.Lines));

    public async ValueTask DisposeAsync()
    {
        await Pods.DisposeAsync();
        await Nodes.DisposeAsync();
        await ClaimCache.DisposeAsync();
        _stack.Dispose();
        Client.Dispose();
        await Ecs.DisposeAsync();
        await Api.DisposeAsync();
    }

    private Dictionary<string, string> PodsByNode(IReadOnlyList<NodeClaimResource> claims)
    {
        // The provisioner's NodeClaim events name no pods, so each pod goes to the first claim whose
        // capacity type suits its role (drivers on-demand, executors spot) and still has room.
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pod in Pods.Items.Values.Where(p => p.Spec?.NodeName is null or ""))
        {
            var role = pod.Metadata.Labels?.TryGetValue("spark-role", out var r) == true ? r : "executor";
            var wanted = role == "driver" ? "on-demand" : "spot";
            var zone = pod.Spec?.NodeSelector?.TryGetValue(WellKnownLabels.Zone, out var z) == true ? z : null;
            var claim = claims.FirstOrDefault(c => c.Labels.TryGetValue(WellKnownLabels.CapacityType, out var ct) && ct == wanted && (zone is null || c.Labels[WellKnownLabels.Zone] == zone))
                ?? claims.First(c => zone is null || c.Labels[WellKnownLabels.Zone] == zone);
            result[pod.Metadata.Name] = claim.NodeName!;
        }

        return result;
    }

    private ProvisioningController NewProvisioner() =>
        new(Client, Pods, Nodes, ClaimCache, _stack.Cloud, _stack.NodeClasses, _ => Task.FromResult(_config),
            new ProvisionerSettings { Batch = new BatchWindow(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), PollInterval = TimeSpan.FromMilliseconds(50) },
            NoProvisionerMetrics.Instance, TimeProvider.System, Logs.For<ProvisioningController>(), _noStock);

    private static Dictionary<string, string>? NodeSelector(TestPod test)
    {
        var selector = new Dictionary<string, string>();
        if (test.Zone is not null)
        {
            selector[WellKnownLabels.Zone] = test.Zone;
        }

        if (test.CapacityType is not null)
        {
            selector[WellKnownLabels.CapacityType] = test.CapacityType;
        }

        return selector.Count == 0 ? null : selector;
    }

    private async Task BindRunningAsync(string name, string nodeName)
    {
        await Client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding { Metadata = new V1ObjectMeta { Name = name }, Target = new V1ObjectReference { Kind = "Node", Name = nodeName } }, name, "default");
        await Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } }), name, "default");
    }

    public async Task CreatePendingPodAsync(TestPod test)
    {
        var name = test.Name;
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["spark-role"] = test.Role, ["spark-app-selector"] = test.App } },
            Spec = new V1PodSpec
            {
                NodeSelector = NodeSelector(test),
                Containers = [new V1Container { Name = "spark", Image = "apache/spark:3.5.3", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(test.Cpu), ["memory"] = new(test.Memory) } } }],
            },
        };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = "0/0 nodes are available." }),
            },
        };
        await Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(status), name, "default");
    }

    private async Task JoinRunningInstancesAsync()
    {
        var existing = (await Client.CoreV1.ListNodeAsync()).Items.Select(n => n.Spec?.ProviderID).ToHashSet();
        foreach (var instance in Emulator.ListInstances().Where(i => !existing.Contains($"{i.RegionId}.{i.InstanceId}")))
        {
            await Client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = $"{instance.RegionId}.{instance.InstanceId}", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = instance.InstanceId } },
                Spec = new V1NodeSpec { ProviderID = $"{instance.RegionId}.{instance.InstanceId}" },
                Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
            });
        }
    }

    private sealed class Stopper(Func<Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await stop();
    }
}
