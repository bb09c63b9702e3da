using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class LaunchRequestBuilderTests
{
    private static readonly NodeClassLaunchSettings Settings = new(
        [new VSwitchChoice("vsw-a", "zone-a"), new VSwitchChoice("vsw-b", "zone-b")],
        ["sg-1", "sg-2"],
        new Dictionary<string, string> { ["amd64"] = "m-amd64", ["arm64"] = "m-arm64" });

    private static readonly EcsNodeClass NodeClass = new(
        "default", [], [], [], new SystemDisk(["cloud_essd", "cloud_auto"], "PL1", 40),
        new Dictionary<string, string> { ["team"] = "spark" }, "#!/bin/bash\necho hi\n");

    private static readonly NodePool ThePool = Pool(labels: new Dictionary<string, string> { ["workload"] = "spark" }) with
    {
        Taints = [new Taint("dedicated", "spark", "NoSchedule")],
        StartupTaints = [new Taint("agent-not-ready", null, "NoExecute")],
    };

    private static NodeClaimSpec Spec(params string[] types) =>
        new("default", types, [CapacityType.Spot, CapacityType.OnDemand], [], new ResourceAmounts(2000, 2048 * MiB, 0, 2));

    [Fact]
    public void Candidates_keep_the_claim_order_with_offerings_of_the_capacity_type_cheapest_first()
    {
        var request = Build(Spec("ecs.c7.xlarge", "ecs.c7.large"), CapacityType.Spot)!;

        request.Candidates.Select(c => c.Name).Should().Equal("ecs.c7.xlarge", "ecs.c7.large");
        request.Candidates[0].Offerings.Select(o => (o.Zone, o.CapacityType)).Should().Equal(("zone-a", CapacityType.Spot), ("zone-b", CapacityType.Spot));
        request.CapacityType.Should().Be(CapacityType.Spot);
        request.NodeClaim.Should().Be("default-x7k2p");
    }

    [Fact]
    public void Node_class_and_pool_settings_are_carried_over()
    {
        var request = Build(Spec("ecs.c7.xlarge"), CapacityType.OnDemand)!;

        request.ImageId.Should().Be("m-amd64");
        request.VSwitches.Should().Equal(Settings.VSwitches);
        request.SecurityGroupIds.Should().Equal("sg-1", "sg-2");
        request.SystemDisk.Should().Be(new SystemDiskSpec("cloud_essd", 40, "PL1"));
        request.Tags.Should().Contain("team", "spark");
        request.UserData.Should().Contain("echo hi");
        request.Taints.Should().Equal("dedicated=spark:NoSchedule", "agent-not-ready:NoExecute");
    }

    [Fact]
    public void The_node_classs_kubelet_settings_become_kubelet_flags()
    {
        var withKubelet = NodeClass with { Kubelet = new KubeletConfiguration { MaxPods = 20, EvictionHard = new Dictionary<string, string> { ["memory.available"] = "500Mi" } } };

        var request = LaunchRequestBuilder.Build("default-x7k2p", Spec("ecs.c7.xlarge"), CapacityType.Spot, ThePool, withKubelet, Settings, SmallCatalog(), null, Now)!;

        request.KubeletArgs.Should().Equal("--max-pods=20", "--eviction-hard=memory.available<500Mi");
        Build(Spec("ecs.c7.xlarge"), CapacityType.Spot)!.KubeletArgs.Should().BeEmpty("the class sets none");
    }

    [Fact]
    public void Labels_are_those_every_candidate_shares()
    {
        var single = Build(Spec("ecs.c7.xlarge") with { Zones = ["zone-b"] }, CapacityType.Spot)!;
        var several = Build(Spec("ecs.c7.xlarge", "ecs.c7.large"), CapacityType.Spot)!;

        single.Labels.Should().Contain(new Dictionary<string, string>
        {
            [WellKnownLabels.NodePool] = "default",
            [WellKnownLabels.CapacityType] = "spot",
            [WellKnownLabels.InstanceType] = "ecs.c7.xlarge",
            [WellKnownLabels.Zone] = "zone-b",
            [WellKnownLabels.Arch] = "amd64",
            [WellKnownLabels.InstanceFamily] = "ecs.c7",
            ["workload"] = "spark",
        });
        several.Labels.Should().ContainKeys(WellKnownLabels.NodePool, WellKnownLabels.CapacityType, WellKnownLabels.Arch, WellKnownLabels.InstanceFamily, "workload");
        several.Labels.Should().NotContainKeys(WellKnownLabels.InstanceType, WellKnownLabels.Zone);
    }

    [Fact]
    public void Remembered_stock_outs_zones_and_other_architectures_are_left_out()
    {
        var noStock = new NoStockMemory(TimeSpan.FromMinutes(3));
        noStock.Remember([new OfferingKey("ecs.c7.xlarge", "zone-a", CapacityType.Spot)], Now);

        var request = Build(Spec("ecs.c7.xlarge", "ecs.g8y.large", "ecs.c7.large"), CapacityType.Spot, noStock)!;
        var zoneB = Build(Spec("ecs.c7.large") with { Zones = ["zone-b"] }, CapacityType.Spot)!;

        request.Candidates.Select(c => c.Name).Should().Equal("ecs.c7.xlarge", "ecs.c7.large");
        request.Candidates[0].Offerings.Select(o => o.Zone).Should().Equal("zone-b");
        zoneB.Candidates.Single().Offerings.Select(o => o.Zone).Should().Equal("zone-b");
    }

    [Fact]
    public void Nothing_buyable_gives_no_request()
    {
        var noStock = new NoStockMemory(TimeSpan.FromMinutes(3));
        noStock.Remember([new OfferingKey("ecs.c7.large", "zone-a", CapacityType.Spot), new OfferingKey("ecs.c7.large", "zone-b", CapacityType.Spot)], Now);

        Build(Spec("ecs.c7.large"), CapacityType.Spot, noStock).Should().BeNull();
        Build(Spec("ecs.unknown"), CapacityType.Spot).Should().BeNull();
        Build(Spec("ecs.c7.large"), CapacityType.OnDemand, noStock).Should().NotBeNull();
    }

    [Fact]
    public void Spec_from_a_plan_lists_types_once_and_the_fallback_last()
    {
        var type = SmallCatalog()[1];
        var plan = new NodeClaimPlan("default", [new PodReference("ns", "p")], new ResourceAmounts(1000, MiB, 0, 1), CapacityType.Spot, true, ["zone-a"],
        [
            new LaunchCandidate(type.Name, type.Offerings[0], 0.1),
            new LaunchCandidate("ecs.c7.large", type.Offerings[0], 0.2),
            new LaunchCandidate(type.Name, type.Offerings[2], 0.4),
        ]);

        var spec = NodeClaimSpec.From(plan);

        spec.InstanceTypes.Should().Equal("ecs.c7.xlarge", "ecs.c7.large");
        spec.CapacityTypes.Should().Equal(CapacityType.Spot, CapacityType.OnDemand);
        spec.Zones.Should().Equal("zone-a");
        spec.Requests.Should().Be(plan.Requests);
        NodeClaimSpec.From(plan with { OnDemandFallback = false, Candidates = [plan.Candidates[0]] }).CapacityTypes.Should().Equal(CapacityType.Spot);
    }

    private static LaunchRequest? Build(NodeClaimSpec spec, CapacityType capacityType, NoStockMemory? noStock = null) =>
        LaunchRequestBuilder.Build("default-x7k2p", spec, capacityType, ThePool, NodeClass, Settings, SmallCatalog(), noStock, Now);
}
