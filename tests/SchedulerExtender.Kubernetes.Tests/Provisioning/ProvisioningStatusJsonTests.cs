using System.Text.Json.Nodes;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class ProvisioningStatusJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static NodePoolStatus Pool(ResourceAmounts inUse, int nodes, IReadOnlyList<StatusCondition>? previous = null, DateTimeOffset? now = null) =>
        NodePoolStatus.Desired([], "c", new StatusCondition("Ready", "True", "Ready", "", T0, 1), inUse, nodes, 1, previous ?? [], now ?? T0);

    [Theory]
    [InlineData(4_000, 16L << 30, 20L << 30, 110, 1, "4", "16Gi", "20Gi", "110", "1")]
    [InlineData(6_500, (16L << 30) + 1024, 1536L << 20, 0, 2, "6500m", "16777217Ki", "1536Mi", "0", "2")]
    [InlineData(0, 1000, 0, 0, 0, "0", "1000", "0", "0", "0")]
    public void Resources_are_kubernetes_quantities_and_nodes_a_count(
        long milliCpu, long memory, long storage, long pods, int nodes, string cpu, string memoryText, string storageText, string podsText, string nodesText)
    {
        var json = ProvisioningStatusJson.NodePool(Pool(new ResourceAmounts(milliCpu, memory, storage, pods), nodes));

        json["resources"]!.AsObject().Select(p => (p.Key, p.Value!.GetValue<string>())).Should().BeEquivalentTo(new[]
        {
            ("cpu", cpu), ("memory", memoryText), ("ephemeral-storage", storageText), ("pods", podsText), ("nodes", nodesText),
        });
    }

    [Fact]
    public void Conditions_round_trip_through_json_with_whole_second_times()
    {
        var status = Pool(ResourceAmounts.Zero, 0, now: T0.AddMilliseconds(750));
        var read = ProvisioningStatusJson.ReadConditions(ProvisioningStatusJson.NodePool(status));

        read.Select(c => c.Type).Should().Equal("ValidationSucceeded", "NodeClassReady", "Ready");
        read.Should().OnlyContain(c => c.Status == "True" && c.ObservedGeneration == 1 && c.LastTransitionTime == T0);
    }

    [Fact]
    public void Node_class_status_uses_the_crd_field_names()
    {
        var status = EcsNodeClassStatus.Resolved(
            new NodeClassLaunchSettings([new VSwitchChoice("vsw-1", "cn-shenzhen-d")], ["sg-1"], new Dictionary<string, string> { ["amd64"] = "m-1", ["arm64"] = "m-2" }),
            1, [], T0);

        var json = ProvisioningStatusJson.EcsNodeClass(status);

        json["vSwitches"]!.ToJsonString().Should().Be("""[{"id":"vsw-1","zoneID":"cn-shenzhen-d"}]""");
        json["securityGroups"]!.ToJsonString().Should().Be("""[{"id":"sg-1"}]""");
        json["images"]!.ToJsonString().Should().Be(
            """[{"id":"m-1","requirements":[{"key":"kubernetes.io/arch","operator":"In","values":["amd64"]}]},{"id":"m-2","requirements":[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}]}]""");
        json["conditions"]![0]!["type"]!.GetValue<string>().Should().Be("Ready");
    }

    [Fact]
    public void Nothing_is_written_when_the_status_already_says_it()
    {
        var first = Pool(new ResourceAmounts(4_000, 16L << 30, 20L << 30, 110), 1);
        // As the API server gives it back: parsed JSON, keys in another order, with fields we do not own.
        var current = JsonNode.Parse(ProvisioningStatusJson.NodePool(first).ToJsonString())!.AsObject();
        current["nodeClassObservedGeneration"] = 7;
        var later = Pool(new ResourceAmounts(4_000, 16L << 30, 20L << 30, 110), 1, ProvisioningStatusJson.ReadConditions(current), T0.AddMinutes(10));

        ProvisioningStatusJson.StatusPatch(current, ProvisioningStatusJson.NodePool(later)).Should().BeNull();
    }

    [Fact]
    public void A_change_patches_only_the_fields_that_changed_and_removes_stray_resource_keys()
    {
        var current = JsonNode.Parse(ProvisioningStatusJson.NodePool(Pool(new ResourceAmounts(4_000, 16L << 30, 20L << 30, 110), 1)).ToJsonString())!.AsObject();
        current["resources"]!["nvidia.com/gpu"] = "1";
        var desired = ProvisioningStatusJson.NodePool(Pool(new ResourceAmounts(8_000, 32L << 30, 40L << 30, 220), 2, ProvisioningStatusJson.ReadConditions(current), T0.AddMinutes(1)));

        var patch = ProvisioningStatusJson.StatusPatch(current, desired);

        patch.Should().NotBeNull();
        patch!.Select(p => p.Key).Should().Equal("resources");
        patch["resources"]!["nodes"]!.GetValue<string>().Should().Be("2");
        patch["resources"]!.AsObject().Should().ContainKey("nvidia.com/gpu").WhoseValue.Should().BeNull();
    }

    [Fact]
    public void An_object_without_status_gets_all_of_it()
    {
        var desired = ProvisioningStatusJson.NodePool(Pool(ResourceAmounts.Zero, 0));

        ProvisioningStatusJson.StatusPatch(null, desired)!.Select(p => p.Key).Should().Equal("resources", "conditions");
    }
}
