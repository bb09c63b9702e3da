using SchedulerExtender.Core.Config;
using SchedulerExtender.Local.Simulators.Scheduling;
using static SchedulerExtender.Local.Tests.Simulators.SchedulingFixtures;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class FilterPredicateTests
{
    [Theory]
    [InlineData(1000, 896, 0, 0, 0, "")]
    [InlineData(4000, 8192, 0, 0, 0, "")]
    [InlineData(4001, 896, 0, 0, 0, "Insufficient cpu")]
    [InlineData(1000, 8193, 0, 0, 0, "Insufficient memory")]
    [InlineData(1000, 896, 3500, 0, 0, "Insufficient cpu")]
    [InlineData(1000, 896, 3000, 0, 0, "")]
    [InlineData(1000, 896, 3500, 7500, 0, "Insufficient cpu|Insufficient memory")]
    [InlineData(1000, 896, 0, 0, 110, "Too many pods")]
    [InlineData(0, 0, 4000, 8192, 0, "")] // a pod without requests only needs a pod slot
    public void Resources_fit_against_allocatable_minus_bound_pods(long cpu, long mem, long usedCpu, long usedMem, long usedPods, string reasons)
    {
        var node = Node(usedMilliCpu: usedCpu, usedMemMiB: usedMem, usedPods: usedPods);

        new NodeResourcesFitFilter().Check(Pod(cpu, mem), node).Should().Equal(Split(reasons));
    }

    [Theory]
    [InlineData("dedicated=spark:NoSchedule", "", "node(s) had untolerated taint {dedicated: spark}")]
    [InlineData("dedicated=spark:NoExecute", "", "node(s) had untolerated taint {dedicated: spark}")]
    [InlineData("dedicated=spark:PreferNoSchedule", "", "")]
    [InlineData("dedicated=spark:NoSchedule", "dedicated|Equal|spark|", "")]
    [InlineData("dedicated=spark:NoSchedule", "dedicated|Equal|other|", "node(s) had untolerated taint {dedicated: spark}")]
    [InlineData("dedicated=spark:NoSchedule", "dedicated|Exists||NoExecute", "node(s) had untolerated taint {dedicated: spark}")]
    [InlineData("dedicated=spark:NoSchedule", "|Exists||", "")]
    [InlineData("node.kubernetes.io/not-ready:NoSchedule", "", "node(s) had untolerated taint {node.kubernetes.io/not-ready: }")]
    public void Taints_with_NoSchedule_or_NoExecute_must_be_tolerated(string taint, string toleration, string reason)
    {
        var parsed = SchedulerExtender.Local.Simulators.Kubelet.UserDataReader.ParseTaint(taint);
        var tolerations = toleration.Length == 0 ? [] : new[] { Toleration(toleration) };

        new TaintTolerationFilter().Check(Pod(tolerations: tolerations), Node(taints: [parsed])).Should().Equal(Split(reason));
    }

    [Theory]
    [InlineData(false, "", "")]
    [InlineData(true, "", NodeUnschedulableFilter.Reason)]
    [InlineData(true, "node.kubernetes.io/unschedulable|Exists||NoSchedule", "")]
    public void Cordoned_nodes_take_only_pods_tolerating_unschedulable(bool cordoned, string toleration, string reason)
    {
        var tolerations = toleration.Length == 0 ? [] : new[] { Toleration(toleration) };

        new NodeUnschedulableFilter().Check(Pod(tolerations: tolerations), Node(unschedulable: cordoned)).Should().Equal(Split(reason));
    }

    [Theory]
    [InlineData("karpenter.sh/capacity-type=on-demand", true)]
    [InlineData("karpenter.sh/capacity-type=spot", false)]
    [InlineData("karpenter.sh/capacity-type=spot|karpenter.sh/capacity-type=on-demand", true)] // ANY term
    [InlineData("field:metadata.name=n1", true)]
    [InlineData("field:metadata.name=n2", false)]
    [InlineData("", true)]
    public void Node_affinity_needs_one_matching_term(string terms, bool fits)
    {
        var node = Node("n1", labels: new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "on-demand" });
        var requirementTerms = Split(terms).Select(t => t.Split('=')).Select(kv => RequirementSet.From([NodeSelectorRequirement.In(kv[0], kv[1])])).ToList();

        var reasons = new NodeAffinityFilter().Check(Pod(terms: requirementTerms), node);

        reasons.Should().Equal(fits ? [] : [NodeAffinityFilter.Reason]);
    }

    [Fact]
    public void A_node_gets_the_reasons_of_its_first_failing_plugin_and_the_message_counts_them_sorted()
    {
        var diagnosis = new FitDiagnosis();
        var nodes = new[]
        {
            Node("a", unschedulable: true, usedMilliCpu: 4000),
            Node("b", usedMilliCpu: 3500),
            Node("c", usedMilliCpu: 3500, usedMemMiB: 8000),
            Node("d"),
        };

        var feasible = SchedulerFilters.Default.Feasible(Pod(), nodes, diagnosis);

        feasible.Select(n => n.Name).Should().Equal("d");
        diagnosis.ReasonsByNode["a"].Should().Equal(NodeUnschedulableFilter.Reason);
        diagnosis.Message(4).Should().Be("0/4 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu.");
    }

    [Fact]
    public void The_message_matches_kube_scheduler_when_every_node_is_short_of_cpu()
    {
        var diagnosis = new FitDiagnosis();
        SchedulerFilters.Default.Feasible(Pod(8000), [Node("a"), Node("b"), Node("c")], diagnosis).Should().BeEmpty();

        diagnosis.Message(3).Should().Be("0/3 nodes are available: 3 Insufficient cpu.");
        new FitDiagnosis().Message(0).Should().Be("0/0 nodes are available.");
    }

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Split('|');

    private static PodToleration Toleration(string text)
    {
        var p = text.Split('|');
        return new PodToleration(p[0].Length == 0 ? null : p[0], p[1], p[2].Length == 0 ? null : p[2], p[3].Length == 0 ? null : p[3]);
    }
}
