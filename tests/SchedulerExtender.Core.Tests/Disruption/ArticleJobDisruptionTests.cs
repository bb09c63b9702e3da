using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

/// <summary>
/// The article's job (a driver and 20 executors of 1 CPU / 896 Mi) on nodes the solver planned:
/// while it runs nothing is disrupted; once it completes, every node goes within a few passes of
/// the default 10 % budget.
/// </summary>
public sealed class ArticleJobDisruptionTests
{
    private static List<ClusterNode> NodesForTheJob(bool running)
    {
        var pods = new[] { Provisioning.SolverBuilders.Pod("driver", role: SparkRole.Driver) }.Concat(Provisioning.SolverBuilders.Executors(20)).ToList();
        var plan = Solver.Solve(Provisioning.SolverBuilders.Snapshot(pods), Types, Now);
        plan.Unschedulable.Should().BeEmpty();
        return [.. plan.NewClaims.Select((claim, i) => Node($"node-{i:D2}", claim.Candidates[0].InstanceType, claim.Candidates[0].Offering.CapacityType) with
        {
            Pods = [.. claim.Pods.Select(p => (p.Name == "driver" ? Driver(p.Name, running) : Executor(p.Name, running: running)) with { IsTerminal = !running })],
        })];
    }

    [Fact]
    public void While_the_job_runs_no_node_is_disrupted()
    {
        var plan = Plan(Snapshot(NodesForTheJob(running: true), [Pool(budgets: [Budget("10%")])]));

        plan.Commands.Should().BeEmpty();
        plan.Blocked.Should().Contain(b => b.Why.StartsWith("Spark driver default/driver", StringComparison.Ordinal));
    }

    [Fact]
    public void After_the_job_every_node_it_caused_goes_within_the_budget()
    {
        var pool = Pool(budgets: [Budget("10%")]);
        var nodes = NodesForTheJob(running: false);
        var started = nodes.Count;
        started.Should().BeGreaterThan(1);

        var passes = 0;
        while (nodes.Count > 0 && passes < 20)
        {
            var command = Plan(Snapshot([.. nodes], [pool])).Commands.Should().ContainSingle().Subject;
            command.Reason.Should().Be(DisruptionReason.Empty);
            command.Nodes.Count.Should().BeLessThanOrEqualTo((int)Math.Ceiling(nodes.Count * 0.1));
            nodes.RemoveAll(n => command.Nodes.Contains(n.Name));
            passes++;
        }

        nodes.Should().BeEmpty($"{started} nodes should be gone after {passes} passes");
    }
}
