using k8s;
using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Tests.Ecs;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class KubeletSimulatorTests
{
    private static readonly KubeletSimulatorOptions Options = new()
    {
        BootDelay = TimeSpan.FromSeconds(40),
        StartupTaintKeys = ["node.cilium.io/agent-not-ready"],
        StartupTaintRemovalDelay = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task An_instance_registers_its_node_after_the_boot_delay_with_labels_and_taints_from_user_data()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        var instanceId = await LaunchAsync(ecs, "claim-a", CapacityType.Spot);
        var kubelet = new KubeletSimulator(cluster.Client, ecs.Emulator, Options, ecs.Time);
        var running = ecs.Emulator.Options.PendingDuration + ecs.Emulator.Options.StartingDuration;

        ecs.Time.Advance(running + TimeSpan.FromSeconds(39));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        (await cluster.Client.CoreV1.ListNodeAsync()).Items.Should().BeEmpty("the instance has not booted yet");

        ecs.Time.Advance(TimeSpan.FromSeconds(1));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);

        var node = await cluster.Client.CoreV1.ReadNodeAsync("claim-a");
        node.Spec.ProviderID.Should().Be($"cn-shenzhen.{instanceId}");
        node.Metadata.Labels.Should().Contain(new Dictionary<string, string>
        {
            ["karpenter.sh/nodepool"] = "spark-executor",
            ["karpenter.sh/capacity-type"] = "spot",
            ["node.kubernetes.io/instance-type"] = "ecs.g7.xlarge",
            ["kubernetes.io/hostname"] = "claim-a",
            ["kubernetes.io/arch"] = "amd64",
        });
        node.Metadata.Labels.Should().ContainKey("topology.kubernetes.io/zone");
        node.Spec.Taints.Select(t => $"{t.Key}={t.Value}:{t.Effect}").Should().BeEquivalentTo("spark=executor:NoSchedule", "node.cilium.io/agent-not-ready=:NoExecute");
        node.Status.Capacity["cpu"].ToString().Should().Be("4");
        // ACK reservation for 4 vCPU: 60 + 10 + 5 + 5 = 80m.
        node.Status.Allocatable["cpu"].ToString().Should().Be("3920m");
        node.Status.Allocatable["pods"].ToString().Should().Be("110");
        node.Status.Conditions.Should().Contain(c => c.Type == "Ready" && c.Status == "True");

        ecs.Time.Advance(TimeSpan.FromSeconds(5));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        (await cluster.Client.CoreV1.ReadNodeAsync("claim-a")).Spec.Taints.Select(t => t.Key).Should().Equal("spark");
    }

    [Fact]
    public async Task Bound_pods_run_finish_on_exit_and_terminate_after_their_grace_period_or_their_exit()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        var kubelet = await BootedAsync(ecs, cluster, "claim-a");
        foreach (var name in new[] { "finishes", "graceful", "exits-early" })
        {
            await cluster.CreatePodAsync(name, nodeName: "claim-a");
        }

        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        var running = await cluster.GetPodAsync("finishes");
        running.Status.Phase.Should().Be("Running");
        running.Status.StartTime.Should().Be(ecs.Time.GetUtcNow().UtcDateTime);
        running.Status.Conditions.Should().Contain(c => c.Type == "Ready" && c.Status == "True");

        kubelet.ReportExit(running.Metadata.Uid, 0);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("graceful", "default");
        var exitsEarly = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("exits-early", "default");
        kubelet.ReportExit(exitsEarly.Metadata.Uid, 0);
        ecs.Time.Advance(TimeSpan.FromSeconds(29));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);

        (await cluster.GetPodAsync("finishes")).Status.Phase.Should().Be("Succeeded");
        (await cluster.GetPodAsync("graceful")).Metadata.DeletionTimestamp.Should().NotBeNull("30 s of grace are not over");
        (await PodNamesAsync(cluster)).Should().NotContain("exits-early");

        ecs.Time.Advance(TimeSpan.FromSeconds(1));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        (await PodNamesAsync(cluster)).Should().Equal("finishes");
    }

    [Fact]
    public async Task A_reclaimed_instance_takes_its_node_away_and_its_pods_fail()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        var kubelet = await BootedAsync(ecs, cluster, "claim-a");
        await cluster.CreatePodAsync("executor", nodeName: "claim-a");
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        var instance = ecs.Emulator.ListInstances().Single();

        ecs.Emulator.ReclaimInstance(instance.InstanceId);
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        (await cluster.Client.CoreV1.ListNodeAsync()).Items.Should().ContainSingle("the node lives until the instance is released");

        ecs.Time.Advance(ecs.Emulator.Options.ReclaimNotice);
        await kubelet.ReconcileOnceAsync(CancellationToken.None);

        (await cluster.Client.CoreV1.ListNodeAsync()).Items.Should().BeEmpty();
        var pod = await cluster.GetPodAsync("executor");
        (pod.Status.Phase, pod.Status.Reason).Should().Be(("Failed", "NodeLost"));
        pod.Status.Conditions.Should().Contain(c => c.Type == "DisruptionTarget" && c.Status == "True");
    }

    [Fact]
    public async Task An_instance_with_bad_user_data_never_registers()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        var badLabels = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("export SCHEDEXT_NODE_LABELS='no-value'\n"));
        await ecs.Client().RunInstanceAsync(EmulatorHarness.Launch("bad") with { UserData = badLabels, InstanceName = "bad" }, CancellationToken.None);
        var kubelet = new KubeletSimulator(cluster.Client, ecs.Emulator, Options, ecs.Time);

        ecs.Time.Advance(TimeSpan.FromMinutes(5));
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        await kubelet.ReconcileOnceAsync(CancellationToken.None);

        (await cluster.Client.CoreV1.ListNodeAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Nodes_it_did_not_register_are_left_alone()
    {
        await using var ecs = await EmulatorHarness.StartAsync();
        await using var cluster = await ClusterHarness.StartAsync(ecs.Time);
        await cluster.CreateNodeAsync("static-node");
        await cluster.CreatePodAsync("p", nodeName: "static-node");

        await new KubeletSimulator(cluster.Client, ecs.Emulator, Options, ecs.Time).ReconcileOnceAsync(CancellationToken.None);

        (await cluster.Client.CoreV1.ListNodeAsync()).Items.Should().ContainSingle();
        (await cluster.GetPodAsync("p")).Status.Phase.Should().Be("Pending");
    }

    /// <summary>Launches through the real provider (so the user data is what production writes) and boots the node.</summary>
    internal static async Task<KubeletSimulator> BootedAsync(EmulatorHarness ecs, ClusterHarness cluster, string claim, CapacityType capacity = CapacityType.Spot)
    {
        await LaunchAsync(ecs, claim, capacity);
        var kubelet = new KubeletSimulator(cluster.Client, ecs.Emulator, Options, ecs.Time);
        ecs.Time.Advance(ecs.Emulator.Options.PendingDuration + ecs.Emulator.Options.StartingDuration + Options.BootDelay);
        await kubelet.ReconcileOnceAsync(CancellationToken.None);
        return kubelet;
    }

    internal static async Task<string> LaunchAsync(EmulatorHarness ecs, string claim, CapacityType capacity, string type = "ecs.g7.xlarge", bool taints = true)
    {
        var (provider, _, _) = ProviderHarness.Create(ecs);
        var request = ProviderHarness.Request(claim, capacity, type) with
        {
            Labels = new Dictionary<string, string>
            {
                ["karpenter.sh/nodepool"] = capacity == CapacityType.Spot ? "spark-executor" : "spark-driver",
                ["karpenter.sh/capacity-type"] = capacity.ToLabelValue(),
            },
            Taints = taints && capacity == CapacityType.Spot ? ["spark=executor:NoSchedule", "node.cilium.io/agent-not-ready:NoExecute"] : [],
        };
        return (await provider.CreateAsync(request, CancellationToken.None)).InstanceId;
    }

    private static async Task<IEnumerable<string>> PodNamesAsync(ClusterHarness cluster) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name);
}
