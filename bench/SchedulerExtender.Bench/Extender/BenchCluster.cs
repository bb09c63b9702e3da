using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// A synthetic cluster for the extender benchmark: N nodes as kube-scheduler would send them
/// (realistic size: labels, annotations, conditions, node info, a dozen images), the same nodes
/// in the extender's production node cache for nodeCacheCapable mode (<see cref="NodeCacheSource"/>
/// over a list+watch <see cref="NodeCache"/> fed by a static source), one bound pod per node in the
/// production pod cache (<see cref="Usage"/>), and a price table for their instance types (the
/// production <see cref="InstanceCatalog"/>).
/// </summary>
internal sealed class BenchCluster : IPriceSource, IDisposable
{
    private static readonly string[] Types = ["ecs.g7.xlarge", "ecs.g7.2xlarge", "ecs.c7.2xlarge", "ecs.r7.xlarge", "ecs.g7.4xlarge"];
    private static readonly string[] Zones = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"];

    private readonly NodeCache cache;

    public BenchCluster(int count, int seed = 42)
    {
        var random = new Random(seed);
        var names = new List<string>(count);
        var kubeNodes = new List<V1Node>(count);
        var pods = new List<V1Pod>(count);
        var json = new ArrayBufferWriter<byte>(count * 4096);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                var name = $"cn-hangzhou.i-bp1{i:x8}";
                var type = Types[random.Next(Types.Length)];
                var zone = Zones[random.Next(Zones.Length)];
                var spot = random.NextDouble() < 0.6;
                var disrupted = random.NextDouble() < 0.02;
                var (cpu, memGiB) = Size(type);
                WriteNode(writer, random, name, type, zone, spot, disrupted, cpu, memGiB);
                names.Add(name);
                kubeNodes.Add(new V1Node
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = name,
                        ResourceVersion = "1",
                        Labels = new Dictionary<string, string>
                        {
                            [NodeLabels.InstanceType] = type,
                            [NodeLabels.Zone] = zone,
                            [SpotNodeRule.DefaultLabel] = spot ? "spot" : "on-demand",
                        },
                    },
                    Spec = new V1NodeSpec { Taints = disrupted ? [new V1Taint { Key = "karpenter.sh/disrupted", Effect = "NoSchedule" }] : null },
                    Status = new V1NodeStatus
                    {
                        Allocatable = new Dictionary<string, ResourceQuantity>
                        {
                            ["cpu"] = new($"{(cpu * 1000) - 100}m"),
                            ["memory"] = new($"{(memGiB - 1) * 1024 * 1024}Ki"),
                        },
                        Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
                    },
                });
                pods.Add(BoundPod(i, name, random.Next(0, cpu) * 500, (long)random.Next(0, memGiB) << 29));
            }

            writer.WriteEndArray();
        }

        NodeItemsJson = Encoding.UTF8.GetString(json.WrittenSpan)[1..^1];
        Names = names;
        cache = new NodeCache(new ListWatchCache<V1Node>(new StaticList<V1Node>(kubeNodes, "benchmark nodes")));
        cache.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Usage = new NodeUsageCache(new ListWatchCache<V1Pod>(new StaticList<V1Pod>(pods, "benchmark pods")));
        Usage.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        cache.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        Usage.Pods.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        Nodes = new NodeCacheSource(cache, SpotNodeRule.Default);
    }

    /// <summary>The production node cache's source for nodeCacheCapable calls, registered as itself so that nothing between it and the handler hides its batched lookup.</summary>
    public NodeCacheSource Nodes { get; }

    /// <summary>The production pod cache's per-node requests over the benchmark's pods, as the extender's usage source.</summary>
    public NodeUsageCache Usage { get; }

    /// <summary>The node objects, comma-separated, ready to sit inside <c>"items":[…]</c>.</summary>
    public string NodeItemsJson { get; }

    public IReadOnlyList<string> Names { get; }

    public void Dispose()
    {
        cache.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Usage.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // The production price table (the one the Alibaba price source refreshes), so that price lookups cost what they cost in a cluster.
    private static readonly InstanceCatalog Catalog = new([new RegionCatalog("cn-hangzhou", [.. Types.Select(TypeWithOfferings)])]);

    public Offering? Find(string instanceType, string zone, CapacityType capacityType) => Catalog.Find(instanceType, zone, capacityType);

    public InstanceType? FindType(string instanceType) => Catalog.FindType(instanceType);

    public object Version => Catalog.Version;

    private static InstanceType TypeWithOfferings(string type)
    {
        var (cpu, memGiB) = Size(type);
        var onDemand = 0.25 * cpu;
        var offerings = Zones.SelectMany((zone, z) => new[]
        {
            new Offering(zone, CapacityType.OnDemand, onDemand),
            new Offering(zone, CapacityType.Spot, onDemand * 0.18 * (1 + (z * 0.07)), true, 0.01 * (1 + (z * 0.07))),
        });
        return new InstanceType(type, InstanceType.FamilyOf(type), "x86_64", cpu, memGiB, 0, [.. offerings]);
    }

    private static (int Cpu, int MemGiB) Size(string type) => type switch
    {
        "ecs.g7.xlarge" => (4, 16),
        "ecs.g7.2xlarge" => (8, 32),
        "ecs.c7.2xlarge" => (8, 16),
        "ecs.r7.xlarge" => (4, 32),
        _ => (16, 64),
    };

    private static void WriteNode(Utf8JsonWriter w, Random random, string name, string type, string zone, bool spot, bool disrupted, int cpu, int memGiB)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteStartObject();
        w.WriteStartObject("metadata");
        w.WriteString("name", name);
        w.WriteString("uid", $"{random.NextInt64():x16}-{random.Next():x8}");
        w.WriteString("resourceVersion", random.Next(1_000_000).ToString(inv));
        w.WriteString("creationTimestamp", "2026-11-24T01:02:03Z");
        w.WriteStartObject("labels");
        foreach (var (key, value) in new[]
        {
            ("beta.kubernetes.io/arch", "amd64"), ("beta.kubernetes.io/instance-type", type), ("beta.kubernetes.io/os", "linux"),
            ("failure-domain.beta.kubernetes.io/region", "cn-hangzhou"), ("failure-domain.beta.kubernetes.io/zone", zone),
            ("karpenter.sh/capacity-type", spot ? "spot" : "on-demand"), ("karpenter.sh/nodepool", "spark"), ("karpenter.sh/registered", "true"),
            ("karpenter.sh/initialized", "true"), ("kubernetes.io/arch", "amd64"), ("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux"),
            ("node.kubernetes.io/instance-type", type), ("topology.kubernetes.io/region", "cn-hangzhou"), ("topology.kubernetes.io/zone", zone),
        })
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteStartObject("annotations");
        w.WriteString("karpenter.sh/nodepool-hash", "6821555240594823858");
        w.WriteString("node.alpha.kubernetes.io/ttl", "0");
        w.WriteString("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("spec");
        w.WriteString("providerID", $"alicloud://cn-hangzhou.{name}");
        if (disrupted)
        {
            w.WriteStartArray("taints");
            w.WriteStartObject();
            w.WriteString("key", "karpenter.sh/disrupted");
            w.WriteString("effect", "NoSchedule");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartObject("status");
        foreach (var section in new[] { "capacity", "allocatable" })
        {
            w.WriteStartObject(section);
            w.WriteString("cpu", section == "capacity" ? cpu.ToString(inv) : $"{(cpu * 1000) - 100}m");
            w.WriteString("ephemeral-storage", "41152812Ki");
            w.WriteString("hugepages-1Gi", "0");
            w.WriteString("hugepages-2Mi", "0");
            w.WriteString("memory", section == "capacity" ? $"{memGiB}Gi" : $"{(memGiB - 1) * 1024 * 1024}Ki");
            w.WriteString("pods", "110");
            w.WriteEndObject();
        }

        w.WriteStartArray("conditions");
        foreach (var (type2, status) in new[] { ("MemoryPressure", "False"), ("DiskPressure", "False"), ("PIDPressure", "False"), ("Ready", "True") })
        {
            w.WriteStartObject();
            w.WriteString("type", type2);
            w.WriteString("status", status);
            w.WriteString("lastHeartbeatTime", "2026-11-24T01:10:00Z");
            w.WriteString("lastTransitionTime", "2026-11-24T01:02:03Z");
            w.WriteString("reason", "Kubelet" + type2);
            w.WriteString("message", "kubelet reports " + type2);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("images");
        for (var i = 0; i < 12; i++)
        {
            w.WriteStartObject();
            w.WriteStartArray("names");
            w.WriteStringValue($"registry.cn-hangzhou.aliyuncs.com/acs/image-{i}@sha256:{random.NextInt64():x16}{random.NextInt64():x16}");
            w.WriteStringValue($"registry.cn-hangzhou.aliyuncs.com/acs/image-{i}:v1.{i}");
            w.WriteEndArray();
            w.WriteNumber("sizeBytes", random.Next(10_000_000, 900_000_000));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("nodeInfo");
        w.WriteString("kernelVersion", "5.10.134-16.al8.x86_64");
        w.WriteString("osImage", "Alibaba Cloud Linux 3");
        w.WriteString("containerRuntimeVersion", "containerd://1.6.28");
        w.WriteString("kubeletVersion", "v1.31.1");
        w.WriteString("architecture", "amd64");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One running pod bound to the node, requesting what the node has in use.</summary>
    private static V1Pod BoundPod(int index, string node, long milliCpu, long memoryBytes) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"bench-{index}", NamespaceProperty = "bench", ResourceVersion = "1" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers =
            [
                new V1Container
                {
                    Name = "work",
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity>
                        {
                            ["cpu"] = new(string.Create(CultureInfo.InvariantCulture, $"{milliCpu}m")),
                            ["memory"] = new(memoryBytes.ToString(CultureInfo.InvariantCulture)),
                        },
                    },
                },
            ],
        },
        Status = new V1PodStatus { Phase = "Running" },
    };

    /// <summary>A list that never changes and a watch that stays open without events, as for an idle cluster.</summary>
    private sealed class StaticList<T>(IReadOnlyList<T> items, string description) : IListWatchSource<T>
    {
        public string Description => description;

        public Task<ListWatchSnapshot<T>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new ListWatchSnapshot<T>(items, "1"));

        public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            yield break;
        }
    }
}
