using k8s;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// Local mode with an ECSNodeClass that sets kubeletConfiguration: the provisioner plans the claim
/// with the allocatable those settings give, the user data carries them to the node as kubelet
/// flags, and the node the kubelet simulator registers in the embedded cluster reports that
/// allocatable — the pods planned onto it fit when they get there.
/// </summary>
public sealed class KubeletConfigurationScenarioTests
{
    private const long MiB = 1024 * 1024;

    private const string Kubelet = """
          kubeletConfiguration:
            maxPods: 8
            systemReserved:
              cpu: 300m
              memory: 512Mi
            kubeReserved:
              cpu: 200m
              memory: 512Mi
            evictionHard:
              memory.available: 300Mi
        """;

    [Fact]
    public async Task The_claims_node_reports_the_allocatable_the_provisioner_planned_with()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var folder = Directory.CreateTempSubdirectory("schedext-kubelet-").FullName;
        var nodeClass = Path.Combine(folder, "kubelet-nodeclass.yaml");
        await File.WriteAllTextAsync(nodeClass, ArticleProvisioningConfig.NodeClass.TrimEnd() + "\n" + Kubelet, timeout.Token);
        await using var cluster = await QuickLocalCluster.StartAsync(
            folder, new Dictionary<string, string?> { ["Provisioner:ConfigFiles:1"] = nodeClass }, adjust: null, timeout.Token);
        var client = (k8s.Kubernetes)cluster.Client;

        await UnschedulablePods.CreateAsync(client, "batch-job", cpu: "2");
        var claim = await UnschedulablePods.WaitForClaimAsync(client, c => c.NodeName is not null && c.Allocatable is not null);
        var node = await client.CoreV1.ReadNodeAsync(claim.NodeName);

        var planned = claim.Allocatable!.Value;
        var reported = new ResourceAmounts(
            KubernetesQuantity.ToMilli(node.Status.Allocatable["cpu"].ToString()),
            KubernetesQuantity.ToWhole(node.Status.Allocatable["memory"].ToString()),
            0,
            KubernetesQuantity.ToWhole(node.Status.Allocatable["pods"].ToString()));
        var capacityCpu = KubernetesQuantity.ToMilli(node.Status.Capacity["cpu"].ToString());
        var capacityMemory = KubernetesQuantity.ToWhole(node.Status.Capacity["memory"].ToString());

        // The kubelet's rule with the class's settings: 8 pods; 200m + 300m of CPU; 512 Mi + 512 Mi
        // of memory and 300 Mi hard eviction off the memory the node reports.
        reported.Pods.Should().Be(8);
        claim.Capacity!.Value.Pods.Should().Be(8);
        reported.MilliCpu.Should().Be(capacityCpu - 500);
        reported.MemoryBytes.Should().BeCloseTo(capacityMemory - (1324 * MiB), 1024, "the node writes memory in whole KiB");
        // And that is what the provisioner planned the claim with.
        reported.MilliCpu.Should().Be(planned.MilliCpu);
        reported.Pods.Should().Be(planned.Pods);
        reported.MemoryBytes.Should().BeCloseTo(planned.MemoryBytes, 1024);
    }
}
