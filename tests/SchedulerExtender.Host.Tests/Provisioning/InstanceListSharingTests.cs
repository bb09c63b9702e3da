using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// The provisioner and the disruption controller of <c>serve</c> share one list of the cluster's
/// instances (<c>Provisioner:InstanceListMaxAge</c>) instead of each calling DescribeInstances every
/// pass, and a launch of this process is in that list at once.
/// </summary>
public sealed class InstanceListSharingTests
{
    [Fact]
    public async Task A_node_is_launched_registered_and_initialized_on_one_listing_of_the_cloud()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await QuickLocalCluster.StartAsync(
            new Dictionary<string, string?> { ["Provisioner:InstanceListMaxAge"] = "01:00:00" }, timeout.Token);
        var client = (k8s.Kubernetes)cluster.Client;

        await UnschedulablePods.CreateAsync(client, "batch-job", cpu: "2");
        var claim = await UnschedulablePods.WaitForClaimAsync(client, c => c.IsTrue(NodeClaimCondition.Initialized));

        // Batch, launch, registration and initialization took several provisioner passes (1 s) and
        // more disruption passes (0.5 s), each of which listed the cloud before.
        var ecs = cluster.Ecs.Emulator;
        claim.ProviderId.Should().NotBeNull();
        ecs.CountOf("RunInstances").Should().Be(1);
        ecs.CountOf("DescribeInstances").Should().BeLessThanOrEqualTo(2, "one listing for the hour, plus the launch's own look for an instance of its claim");
    }
}
