using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>
/// Preferred node affinity counts as required while the pod can be placed with it, heaviest first
/// (as Karpenter): the small catalogue's zone a is the cheaper one, so a pod planned in zone b was
/// planned there for its preference.
/// </summary>
public sealed class SolverPreferenceTests
{
    private static readonly RequirementSet ZoneB = Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b"));
    private static readonly RequirementSet Arm = Term(NodeSelectorRequirement.In(WellKnownLabels.Arch, "arm64"));
    private static readonly RequirementSet NoSuchZone = Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-z"));
    private static readonly RequirementSet Spot = Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot"));

    public static TheoryData<string, RequirementSet[], RequirementSet[], string, string> Cases() => new()
    {
        // case, required terms, preferences (heaviest first), zone and arch of the first candidate
        { "no preference: the cheapest", [], [], "zone-a", "amd64" },
        { "a preferred zone is kept although dearer", [], [ZoneB], "zone-b", "amd64" },
        { "only the heaviest preference counts", [], [Arm, ZoneB], "zone-a", "arm64" },
        { "a preference no pool can meet gives way to the next", [], [NoSuchZone, ZoneB], "zone-b", "amd64" },
        { "none can be met: planned as without", [], [NoSuchZone], "zone-a", "amd64" },
        { "a preference against the required terms is skipped", [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-a"))], [ZoneB, Arm], "zone-a", "arm64" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Preferred_node_affinity(string because, RequirementSet[] required, RequirementSet[] preferences, string zone, string arch)
    {
        var plan = Solve(Snapshot([Pod("p", terms: required) with { Preferences = preferences }]));

        plan.Unschedulable.Should().BeEmpty(because);
        var claim = plan.NewClaims.Should().ContainSingle(because).Subject;
        var first = claim.Candidates[0];
        (first.Offering.Zone, ArchitectureOf(first.InstanceType)).Should().Be((zone, arch), because);
    }

    [Fact]
    public void A_prefer_spot_executor_gets_a_spot_claim_and_on_demand_only_once_no_spot_is_left()
    {
        var executor = Pod("exec") with { Preferences = [Spot] };

        var withSpot = Solve(Snapshot([executor])).NewClaims.Should().ContainSingle().Subject;
        withSpot.CapacityType.Should().Be(CapacityType.Spot);
        withSpot.OnDemandFallback.Should().BeFalse("the preference is planned as required, as Karpenter does");

        // Every spot offering out of stock: the preference gives way and on-demand is planned.
        var noSpot = SmallCatalog().SelectMany(t => t.Offerings.Where(o => o.CapacityType == CapacityType.Spot)
            .Select(o => new UnavailableOffering(t.Name, o.Zone, CapacityType.Spot, Now.AddMinutes(3)))).ToList();
        var plan = Solve(Snapshot([executor], unavailable: noSpot));
        plan.Unschedulable.Should().BeEmpty();
        plan.NewClaims.Should().ContainSingle().Which.CapacityType.Should().Be(CapacityType.OnDemand);
    }

    [Fact]
    public void Pods_are_relaxed_one_by_one_and_the_others_keep_their_preference()
    {
        // Only the 6-vCPU pod's preference (arm64, at most 2 vCPUs here) cannot be met.
        var small = Pod("small") with { Preferences = [Arm] };
        var large = Pod("large", cpu: 6) with { Preferences = [Arm] };

        var plan = Solve(Snapshot([small, large]));

        plan.Unschedulable.Should().BeEmpty();
        var architectures = plan.NewClaims.ToDictionary(c => c.Pods.Single().Name, c => ArchitectureOf(c.Candidates[0].InstanceType));
        architectures.Should().Equal(new Dictionary<string, string> { ["small"] = "arm64", ["large"] = "amd64" });
    }

    [Fact]
    public void A_pod_no_pool_can_host_is_still_reported_with_its_reason()
    {
        var plan = Solve(Snapshot([Pod("huge", cpu: 64) with { Preferences = [ZoneB, Arm] }]));

        plan.NewClaims.Should().BeEmpty();
        plan.Unschedulable.Should().ContainSingle().Which.Reason.Should().NotBeNullOrWhiteSpace();
    }

    private static string ArchitectureOf(string instanceType) => SmallCatalog().Single(t => t.Name == instanceType).Architecture;
}
