using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Provisioning.SolverBuilders;

namespace SchedulerExtender.Core.Tests.Provisioning;

/// <summary>Properties every plan must have, checked on seeded random workloads.</summary>
public sealed class SolverInvariantTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_pod_is_accounted_for_once_and_every_candidate_hosts_its_claim(int seed)
    {
        var random = new Random(seed);
        var daemonSets = new ResourceAmounts(random.Next(0, 500), random.Next(0, 512) * MiB, 0, random.Next(0, 5));
        var pools = new[]
        {
            Pool("spot-amd", weight: random.Next(0, 2), requirements:
            [
                NodeSelectorRequirement.In(WellKnownLabels.Arch, "amd64"),
                NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand"),
            ], limits: random.Next(2) == 0 ? NodePoolLimits.None : new NodePoolLimits(random.Next(8, 64) * 1000L, null, null, null)),
            Pool("any"),
        };
        var pods = Enumerable.Range(0, random.Next(1, 60)).Select(i => RandomPod(random, i)).ToList();

        var plan = Solve(Snapshot(pods, pools, daemonSets: daemonSets));

        var seen = plan.OnInFlight.Select(p => p.Pod).Concat(plan.NewClaims.SelectMany(c => c.Pods)).Concat(plan.Unschedulable.Select(u => u.Pod)).ToList();
        seen.Select(p => p.ToString()).Order(StringComparer.Ordinal).Should().Equal(pods.Select(p => p.Pod.ToString()).Order(StringComparer.Ordinal));
        var byName = pods.ToDictionary(p => p.Pod);
        var catalog = SmallCatalog().ToDictionary(t => t.Name);
        foreach (var claim in plan.NewClaims)
        {
            var requests = claim.Pods.Aggregate(ResourceAmounts.Zero, (sum, p) => sum + (byName[p].Requests with { Pods = 1 }));
            claim.Requests.Should().Be(requests);
            claim.Candidates.Should().NotBeEmpty();
            foreach (var candidate in claim.Candidates)
            {
                var type = catalog[candidate.InstanceType];
                var room = NodeReservation.Ack.Allocatable(type, NodePoolState.DefaultEphemeralStorageBytes) - daemonSets - requests;
                (room.MilliCpu >= 0 && room.MemoryBytes >= 0 && room.Pods >= 0).Should().BeTrue($"{candidate.InstanceType} must host claim {string.Join(",", claim.Pods)}");
                if (claim.NodePool == "spot-amd")
                {
                    type.Architecture.Should().Be("amd64");
                }

                foreach (var pod in claim.Pods.Select(p => byName[p]))
                {
                    var labels = new Dictionary<string, string>
                    {
                        [WellKnownLabels.Arch] = type.Architecture,
                        [WellKnownLabels.CapacityType] = candidate.Offering.CapacityType.ToLabelValue(),
                        [WellKnownLabels.Zone] = candidate.Offering.Zone,
                        [WellKnownLabels.InstanceType] = type.Name,
                    };
                    (pod.RequirementTerms.Count == 0 || pod.RequirementTerms.Any(t => t.Matches(labels)))
                        .Should().BeTrue($"{pod.Pod} must accept {candidate.InstanceType}");
                    if (pod.Role == SparkRole.Driver)
                    {
                        candidate.Offering.CapacityType.Should().Be(CapacityType.OnDemand);
                    }
                }
            }
        }
    }

    private static PendingPod RandomPod(Random random, int i)
    {
        var role = random.Next(4) == 0 ? SparkRole.Driver : SparkRole.Executor;
        IReadOnlyList<RequirementSet> terms = random.Next(3) switch
        {
            0 => [],
            1 => [Term(NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot"))],
            _ => [Term(NodeSelectorRequirement.In(WellKnownLabels.Zone, "zone-b")), Term(NodeSelectorRequirement.In(WellKnownLabels.Arch, "arm64"))],
        };
        var cpu = new[] { 0.5, 1, 2, 3 }[random.Next(4)];
        var mem = new long[] { 512, 896, 2048, 4096 }[random.Next(4)];
        return Pod($"pod-{i:D2}", cpu, mem, role, terms);
    }
}
