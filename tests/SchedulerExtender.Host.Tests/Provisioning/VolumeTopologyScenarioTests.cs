using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Host.Tests.Disruption;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// A pending pod's node goes where its volumes are: the provisioner over the embedded API reads
/// PersistentVolumeClaims, PersistentVolumes and StorageClasses through its watch caches.
/// </summary>
public sealed class VolumeTopologyScenarioTests
{
    private const string DiskZoneKey = "topology.diskplugin.csi.alibabacloud.com/zone";

    [Fact]
    public async Task An_executor_whose_disk_is_in_one_zone_gets_its_node_there_although_another_zone_is_cheaper()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await h.CreatePendingSparkPodAsync("spark-pi-exec-1", "executor", volumes: [DataVolume("spark-pi-exec-1-data")]);
        // Without its volume the executor would go to the cheapest zone; its disk is in another one
        // the same claim could have used.
        var alone = (await h.PlanAsync(1)).NewClaims.Should().ContainSingle().Subject;
        var cheapest = alone.Candidates[0].Offering.Zone;
        var diskZone = alone.Candidates.Select(c => c.Offering.Zone).Distinct().FirstOrDefault(z => z != cheapest);
        diskZone.Should().NotBeNull("the executor fits offerings in more than one zone");
        await CreateBoundDiskAsync(h, "spark-pi-exec-1-data", "d-disk1", diskZone!);

        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Any(x => x.ProviderId is not null), "the executor's claim launched");

        var claim = (await h.ListClaimsAsync()).Should().ContainSingle().Subject;
        claim.Spec.Zones.Should().Equal([diskZone], $"the disk is in {diskZone}, the cheaper {cheapest} would strand the executor");
        claim.Labels[WellKnownLabels.Zone].Should().Be(diskZone);
        h.Emulator.ListInstances().Should().ContainSingle().Which.ZoneId.Should().Be(diskZone);
    }

    [Fact]
    public async Task A_pod_waits_while_its_claim_is_unbound_with_immediate_binding_and_is_planned_once_it_is_bound()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await h.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "alicloud-disk-immediate" },
            Provisioner = "diskplugin.csi.alibabacloud.com",
            VolumeBindingMode = "Immediate",
        });
        await h.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("shuffle-1", "alicloud-disk-immediate", volumeName: null), "default");
        await h.CreatePendingSparkPodAsync("spark-pi-exec-1", "executor", volumes: [DataVolume("shuffle-1")]);
        await h.CreatePendingSparkPodAsync("spark-pi-exec-2", "executor", volumes: [DataVolume("shuffle-2")]);
        var zones = (await h.PlanAsync(2)).NewClaims.SelectMany(c => c.Candidates).Select(c => c.Offering.Zone).Distinct().ToList();
        zones.Should().HaveCountGreaterThan(1);
        // The second executor's disk is bound already, in another zone than the first's will be, so
        // its claim cannot take the first executor later: a batch planned without the first executor.
        await CreateBoundDiskAsync(h, "shuffle-2", "d-disk2", zones[0]);
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.Volumes.Claim("default", "shuffle-1") is not null && h.Volumes.StorageClass("alicloud-disk-immediate") is not null), "the volume caches see the unbound claim and its class");

        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count > 0, "a claim for the executor whose disk is bound");
        await DisruptionHarness.EventuallyAsync(() => Task.FromResult(h.Logs.Lines.Any(l => l.Contains("Planned 1 pending pods", StringComparison.Ordinal))), "a batch planned", h.Logs);

        (await h.ListClaimsAsync()).Should().ContainSingle("the first executor's disk zone is not known until its claim is bound")
            .Which.Spec.Zones.Should().Equal([zones[0]]);
        h.Logs.Lines.Where(l => l.Contains("not planned yet", StringComparison.Ordinal)).Should().ContainSingle("a wait is reported once, not every pass")
            .Which.Should().Contain("spark-pi-exec-1").And.Contain("binds Immediately");

        // The CSI provisioner creates the disk in another zone and the PV controller binds the claim.
        await CreateBoundDiskAsync(h, "shuffle-1", "d-disk1", zones[1], createClaim: false);
        await h.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("{\"spec\":{\"volumeName\":\"d-disk1\"}}", V1Patch.PatchType.MergePatch), "shuffle-1", "default");

        await h.EventuallyAsync(c => c.Count == 2, "a claim for the first executor once its claim is bound");
        (await h.ListClaimsAsync()).Select(c => c.Spec.Zones.Single()).Should().BeEquivalentTo([zones[0], zones[1]]);
    }

    [Fact]
    public async Task A_pod_whose_disks_are_in_two_zones_gets_no_node_and_is_told_why()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        await CreateBoundDiskAsync(h, "data-a", "d-disk-a", "cn-shenzhen-d");
        await CreateBoundDiskAsync(h, "data-b", "d-disk-b", "cn-shenzhen-e");
        await h.CreatePendingSparkPodAsync("spark-pi-exec-1", "executor", volumes: [DataVolume("data-a") with { Name = "a" }, DataVolume("data-b") with { Name = "b" }]);

        h.StartProvisioner();
        await DisruptionHarness.EventuallyAsync(
            async () => (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Any(e => e.InvolvedObject.Name == "spark-pi-exec-1" && e.Reason == "FailedScheduling"),
            "a FailedScheduling event on the executor", h.Logs);

        var failed = (await h.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Should().ContainSingle(e => e.InvolvedObject.Name == "spark-pi-exec-1").Subject;
        failed.Type.Should().Be("Warning");
        failed.Message.Should().StartWith("No node can be launched for this pod: volume ").And.Contain("cn-shenzhen-e").And.Contain("cn-shenzhen-d");
        (await h.ListClaimsAsync()).Should().BeEmpty();
    }

    private static V1Volume DataVolume(string claimName) => new()
    {
        Name = "data",
        PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName },
    };

    private static V1PersistentVolumeClaim Claim(string name, string storageClass, string? volumeName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            VolumeName = volumeName,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("20Gi") } },
        },
    };

    /// <summary>A disk PV in <paramref name="zone"/> as Alibaba Cloud's disk CSI driver writes it, and (unless told) a claim bound to it.</summary>
    private static async Task CreateBoundDiskAsync(ProvisionerHarness h, string claimName, string diskId, string zone, bool createClaim = true)
    {
        await h.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = diskId },
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("20Gi") },
                Csi = new V1CSIPersistentVolumeSource { Driver = "diskplugin.csi.alibabacloud.com", VolumeHandle = diskId },
                ClaimRef = new V1ObjectReference { Name = claimName, NamespaceProperty = "default" },
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = DiskZoneKey, OperatorProperty = "In", Values = [zone] }] }],
                    },
                },
            },
        });
        if (createClaim)
        {
            await h.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(claimName, "alicloud-disk-topology", diskId), "default");
        }

        await DisruptionHarness.EventuallyAsync(
            () => Task.FromResult(h.Volumes.Volume(diskId) is not null && (!createClaim || h.Volumes.Claim("default", claimName)?.VolumeName == diskId)),
            "the volume caches see the disk and its claim");
    }
}
