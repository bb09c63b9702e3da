using k8s.Models;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Kubernetes.Tests.Disruptions;

/// <summary>Three running "web" pods and one executor in namespace "default"; each row adds one budget and asks about web-0.</summary>
public sealed class PodDisruptionBudgetIndexTests
{
    private static V1Pod Pod(string name, string app, string phase = "Running", string ns = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = app } },
        Status = new V1PodStatus { Phase = phase },
    };

    private static readonly V1Pod[] Pods = [Pod("web-0", "web"), Pod("web-1", "web"), Pod("web-2", "web"), Pod("exec-1", "spark")];

    private static V1PodDisruptionBudget Budget(Action<V1PodDisruptionBudgetSpec> spec, V1PodDisruptionBudgetStatus? status = null, string ns = "default")
    {
        var s = new V1PodDisruptionBudgetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } };
        spec(s);
        return new V1PodDisruptionBudget { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = ns }, Spec = s, Status = status };
    }

    private static V1LabelSelectorRequirement Expression(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    public static TheoryData<string, V1PodDisruptionBudget, bool> Rows => new()
    {
        // name, budget, web-0 blocked
        { "minAvailable 3 of 3 healthy", Budget(s => s.MinAvailable = 3), true },
        { "minAvailable 2 of 3 healthy", Budget(s => s.MinAvailable = 2), false },
        { "maxUnavailable 0", Budget(s => s.MaxUnavailable = 0), true },
        { "maxUnavailable 1", Budget(s => s.MaxUnavailable = 1), false },
        { "minAvailable 100%", Budget(s => s.MinAvailable = "100%"), true },
        { "minAvailable 50% rounds up to 2 of 3", Budget(s => s.MinAvailable = "50%"), false },
        { "maxUnavailable 10% rounds up to 1", Budget(s => s.MaxUnavailable = "10%"), false },
        { "neither field allows everything", Budget(_ => { }), false },
        { "the API server's status wins: none allowed", Budget(s => s.MinAvailable = 1, new V1PodDisruptionBudgetStatus { ObservedGeneration = 1, DisruptionsAllowed = 0 }), true },
        { "the API server's status wins: one allowed", Budget(s => s.MaxUnavailable = 0, new V1PodDisruptionBudgetStatus { ObservedGeneration = 1, DisruptionsAllowed = 1 }), false },
        { "another namespace", Budget(s => s.MaxUnavailable = 0, ns: "other"), false },
        { "selector matches another app", Budget(s => { s.MaxUnavailable = 0; s.Selector.MatchLabels["app"] = "spark"; }), false },
        { "no selector selects nothing", Budget(s => { s.MaxUnavailable = 0; s.Selector = null; }), false },
        { "empty selector selects every pod", Budget(s => { s.MaxUnavailable = 0; s.Selector = new V1LabelSelector(); }), true },
        { "matchExpressions In", Budget(s => { s.MaxUnavailable = 0; s.Selector = new V1LabelSelector { MatchExpressions = [Expression("app", "In", "web", "api")] }; }), true },
        { "matchExpressions NotIn", Budget(s => { s.MaxUnavailable = 0; s.Selector = new V1LabelSelector { MatchExpressions = [Expression("app", "NotIn", "web")] }; }), false },
        { "matchExpressions DoesNotExist", Budget(s => { s.MaxUnavailable = 0; s.Selector = new V1LabelSelector { MatchExpressions = [Expression("tier", "DoesNotExist")] }; }), true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_budget_blocks_its_pods_only_when_it_allows_no_disruption(string name, V1PodDisruptionBudget budget, bool blocked)
    {
        var index = new PodDisruptionBudgetIndex([budget], Pods);

        index.BlockingBudgetOf(Pods[0]).Should().Be(blocked ? $"{budget.Metadata.NamespaceProperty}/web" : null, name);
    }

    [Fact]
    public void A_pod_already_unhealthy_uses_up_the_budget()
    {
        var pods = new[] { Pod("web-0", "web"), Pod("web-1", "web", phase: "Pending"), Pod("web-2", "web") };

        new PodDisruptionBudgetIndex([Budget(s => s.MaxUnavailable = 1)], pods).BlockingBudgetOf(pods[0]).Should().Be("default/web", "one of three is already down");
        new PodDisruptionBudgetIndex([Budget(s => s.MaxUnavailable = 1)], Pods).BlockingBudgetOf(Pods[0]).Should().BeNull();
    }
}
