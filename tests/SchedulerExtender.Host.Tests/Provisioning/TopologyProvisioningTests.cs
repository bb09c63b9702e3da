using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// Pod topology end to end: pods that must not share a node (required anti-affinity on
/// kubernetes.io/hostname) get a node each in one pass, pods spread over zones get claims pinned to
/// zones, and neither are given second nodes when the batch is planned again; a running pod's zone
/// anti-affinity keeps the pods it selects out of its zone.
/// </summary>
public sealed partial class TopologyProvisioningTests
{
    [Fact]
    public async Task Three_pods_anti_affine_on_the_hostname_get_three_node_claims_in_one_pass()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreatePendingWebPodAsync(h, $"web-{i}");
        }

        // One small type hosts all three by resources: only the anti-affinity splits them.
        await h.PlanAsync(expectedPods: 3);
        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count == 3 && c.All(x => x.ProviderId != null), "three claims launched");

        var first = PlanLine().Match(h.Logs.Lines.First(l => l.Contains("Planned ", StringComparison.Ordinal)));
        first.Groups["pods"].Value.Should().Be("3");
        first.Groups["claims"].Value.Should().Be("3", "the first pass plans a node per pod");
        (await h.ListClaimsAsync()).Should().OnlyContain(c => c.Spec.Requests.MilliCpu == 500, "each claim is for one pod");

        // A fourth pod: the batch is planned again; the three in flight keep theirs, one more claim for it.
        await CreatePendingWebPodAsync(h, "web-4");
        await h.EventuallyAsync(c => c.Count == 4 && c.All(x => x.ProviderId != null), "a fourth claim for the fourth pod");
        await Eventually.HoldsAsync(() => h.Logs.Lines.Count(l => l.Contains("Planned ", StringComparison.Ordinal)) >= 2, "the second plan", context: () => string.Join("\n", h.Logs.Lines));
        var second = PlanLine().Match(h.Logs.Lines.Where(l => l.Contains("Planned ", StringComparison.Ordinal)).ElementAt(1));
        second.Groups["inFlight"].Value.Should().Be("3", "the three pods planned before go back onto their claims, one each");
        second.Groups["claims"].Value.Should().Be("1");
    }

    [Fact]
    public async Task Pods_spread_over_zones_get_claims_pinned_to_zones_and_keep_them_when_planned_again()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        for (var i = 1; i <= 4; i++)
        {
            await CreatePendingWebPodAsync(h, $"web-{i}", zoneSpread: true);
        }

        await h.PlanAsync(expectedPods: 4);
        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count >= 2 && c.All(x => x.ProviderId != null), "claims launched");
        var claims = await h.ListClaimsAsync();
        claims.Should().OnlyContain(c => c.Spec.Zones.Count == 1, "each claim is pinned to its pods' zone");
        var perZone = claims.GroupBy(c => c.Spec.Zones[0]).Select(g => g.Sum(c => c.Spec.Requests.MilliCpu / 500)).ToList();
        perZone.Should().HaveCountGreaterThan(1).And.OnlyContain(n => n <= perZone.Min() + 1, "maxSkew 1 over the zones");

        // A fifth pod: the four planned before go back onto their pinned claims, one more claim for it.
        var before = claims.Count;
        await CreatePendingWebPodAsync(h, "web-5", zoneSpread: true);
        await Eventually.HoldsAsync(() => h.Logs.Lines.Count(l => l.Contains("Planned ", StringComparison.Ordinal)) >= 2, "the second plan", context: () => string.Join("\n", h.Logs.Lines));
        var second = PlanLine().Match(h.Logs.Lines.Where(l => l.Contains("Planned ", StringComparison.Ordinal)).ElementAt(1));
        second.Groups["inFlight"].Value.Should().Be("4", "pinned claims are found in their zone before they launch");
        second.Groups["claims"].Value.Should().Be("1");
        await h.EventuallyAsync(c => c.Count == before + 1, "one more claim");
    }

    [Fact]
    public async Task A_running_pods_zone_anti_affinity_keeps_the_claims_of_the_pods_it_selects_out_of_its_zone()
    {
        await using var h = await ProvisionerHarness.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await CreatePendingPodAsync(h, $"web-{i}", Web);
        }

        // The guard runs in the zone the web pods' claim would otherwise prefer.
        var guardZone = (await h.PlanAsync(expectedPods: 3)).NewClaims.Should().ContainSingle().Subject.Candidates[0].Offering.Zone;
        await h.Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "guard-node", Labels = new Dictionary<string, string> { [WellKnownLabels.Zone] = guardZone } },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
        });
        await h.Client.CoreV1.CreateNamespacedPodAsync(Pod("guard", new() { ["app"] = "guard" }, AntiAffinity(Web, WellKnownLabels.Zone), null, nodeName: "guard-node"), "default");
        await h.Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } }), "guard", "default");
        await Eventually.HoldsAsync(() => h.Nodes.Items.Values.Any(n => n.Metadata.Name == "guard-node") &&
            h.Pods.Items.Values.Any(p => p.Metadata.Name == "guard" && p.Status?.Phase == "Running"), "the caches see the guard and its node");

        h.StartProvisioner();
        await h.EventuallyAsync(c => c.Count > 0 && c.All(x => x.ProviderId != null), "the web pods' claims launched");

        (await h.ListClaimsAsync()).Should().OnlyContain(c => c.Spec.Zones.Count > 0 && !c.Spec.Zones.Contains(guardZone), $"the guard in {guardZone} keeps web pods out of its zone");
        h.Emulator.ListInstances().Should().NotBeEmpty().And.OnlyContain(i => i.ZoneId != guardZone);
    }

    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    /// <summary>A pending web pod: anti-affine to the other web pods on the hostname, or spread over the zones.</summary>
    private static Task CreatePendingWebPodAsync(ProvisionerHarness h, string name, bool zoneSpread = false) =>
        CreatePendingPodAsync(h, name, Web, zoneSpread ? null : AntiAffinity(Web, "kubernetes.io/hostname"), zoneSpread
            ? [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = new V1LabelSelector { MatchLabels = Web } }]
            : null);

    private static V1Affinity AntiAffinity(Dictionary<string, string> selected, string topologyKey) => new()
    {
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = [new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchLabels = selected }, TopologyKey = topologyKey }],
        },
    };

    private static V1Pod Pod(string name, Dictionary<string, string> labels, V1Affinity? affinity, IList<V1TopologySpreadConstraint>? spread, string? nodeName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "main", Image = "nginx", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("512Mi") } } }],
            Affinity = affinity,
            TopologySpreadConstraints = spread,
        },
    };

    private static async Task CreatePendingPodAsync(ProvisionerHarness h, string name, Dictionary<string, string> labels, V1Affinity? affinity = null, IList<V1TopologySpreadConstraint>? spread = null)
    {
        await h.Client.CoreV1.CreateNamespacedPodAsync(Pod(name, labels, affinity, spread), "default");
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = "0/3 nodes are available: didn't match pod anti-affinity rules." }),
            },
        };
        await h.Client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(status), name, "default");
    }

    [GeneratedRegex(@"Planned (?<pods>\d+) pending pods: (?<inFlight>\d+) onto capacity in flight, (?<claims>\d+) new node claims")]
    private static partial Regex PlanLine();
}
