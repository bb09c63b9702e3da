using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class VolumeCachesTests
{
    [Fact]
    public async Task Reads_claims_volumes_and_storage_classes_as_volume_topology_needs_them()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        await using var volumes = new VolumeCaches(client);
        await volumes.StartAsync(CancellationToken.None);
        await volumes.WaitForSyncAsync(CancellationToken.None);

        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "alicloud-disk-topology" },
            Provisioner = "diskplugin.csi.alibabacloud.com",
            VolumeBindingMode = "WaitForFirstConsumer",
            AllowedTopologies =
            [
                new V1TopologySelectorTerm { MatchLabelExpressions = [new V1TopologySelectorLabelRequirement { Key = "topology.diskplugin.csi.alibabacloud.com/zone", Values = ["cn-hangzhou-h", "cn-hangzhou-i"] }] },
            ],
        });
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "plain" }, Provisioner = "diskplugin.csi.alibabacloud.com" });
        await client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = "local-pv" },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") },
                AccessModes = ["ReadWriteOnce"],
                Local = new V1LocalVolumeSource { Path = "/mnt/disk" },
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = ["node-7"] }] },
                            new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["node-8"] }] },
                        ],
                    },
                },
            },
        });
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                StorageClassName = "alicloud-disk-topology",
                VolumeName = "local-pv",
                AccessModes = ["ReadWriteOnce"],
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
            },
        }, "default");

        await Eventually.HoldsAsync(
            () => volumes.Claim("default", "data") is not null && volumes.Volume("local-pv") is not null && volumes.StorageClass("plain") is not null,
            "the caches see the watch");

        volumes.Claim("default", "data").Should().Be(new VolumeClaimObservation("default", "data", "local-pv", "alicloud-disk-topology"));
        volumes.Claim("other", "data").Should().BeNull();
        var pv = volumes.Volume("local-pv")!;
        pv.NodeAffinityTerms.Select(t => string.Join(",", t.Select(r => $"{r.Key} {r.Operator} {string.Join("|", r.Values)}")))
            .Should().Equal("kubernetes.io/hostname In node-7", "field:metadata.name In node-8");
        var topology = volumes.StorageClass("alicloud-disk-topology")!;
        topology.WaitForFirstConsumer.Should().BeTrue();
        topology.AllowedTopologies.Should().ContainSingle().Which.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new NodeSelectorRequirement("topology.diskplugin.csi.alibabacloud.com/zone", RequirementOperator.In, ["cn-hangzhou-h", "cn-hangzhou-i"]));
        volumes.StorageClass("plain")!.WaitForFirstConsumer.Should().BeFalse("Immediate is the default binding mode");
    }

    [Fact]
    public void Reads_claim_backed_volumes_from_the_pod_spec_only()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "exec-1" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "spark" }],
                Volumes =
                [
                    new V1Volume { Name = "spark-local-dir-1", EmptyDir = new V1EmptyDirVolumeSource() },
                    new V1Volume { Name = "conf", ConfigMap = new V1ConfigMapVolumeSource { Name = "spark-conf" } },
                    new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "warehouse" } },
                    new V1Volume { Name = "scratch", Ephemeral = new V1EphemeralVolumeSource { VolumeClaimTemplate = new V1PersistentVolumeClaimTemplate { Spec = new V1PersistentVolumeClaimSpec() } } },
                ],
            },
        };

        var claims = PodVolumes.ClaimsOf(pod);

        claims.Select(c => $"{c.Volume}:{c.ClaimName("exec-1")}").Should().Equal("data:warehouse", "scratch:exec-1-scratch");
        PodVolumes.ClaimsOf(new V1Pod { Spec = new V1PodSpec { Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }] } }).Should().BeEmpty();
    }
}
