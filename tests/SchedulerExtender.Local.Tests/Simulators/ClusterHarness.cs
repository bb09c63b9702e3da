using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.Simulators;

/// <summary>The embedded API (graceful pod termination, on the test's clock) and a KubernetesClient talking to it over HTTP.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private ClusterHarness(EmbeddedKubeApi api, FakeTimeProvider time)
    {
        Api = api;
        Time = time;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') });
    }

    public EmbeddedKubeApi Api { get; }

    public FakeTimeProvider Time { get; }

    public Kubernetes Client { get; }

    public static async Task<ClusterHarness> StartAsync(FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions
        {
            Store = new KubeStoreOptions { GracefulPodTermination = true, TimeProvider = time },
        });
        return new ClusterHarness(api, time);
    }

    public Task<V1Node> CreateNodeAsync(string name, string cpu = "4", string memory = "8Gi", IDictionary<string, string>? labels = null,
        IList<V1Taint>? taints = null, bool ready = true, bool unschedulable = false) =>
        Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string>() },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new("110") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        });

    public Task<V1Pod> CreatePodAsync(string name, string cpu = "1", string memory = "896Mi", string? schedulerName = null, string? nodeName = null,
        IDictionary<string, string>? nodeSelector = null) =>
        Client.CoreV1.CreateNamespacedPodAsync(Pod(name, cpu, memory, schedulerName, nodeName, nodeSelector), "default");

    public Task<V1Pod> GetPodAsync(string name) => Client.CoreV1.ReadNamespacedPodAsync(name, "default");

    public static V1Pod Pod(string name, string cpu = "1", string memory = "896Mi", string? schedulerName = null, string? nodeName = null,
        IDictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            SchedulerName = schedulerName,
            NodeName = nodeName,
            NodeSelector = nodeSelector,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) } },
                },
            ],
        },
    };

    public static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
