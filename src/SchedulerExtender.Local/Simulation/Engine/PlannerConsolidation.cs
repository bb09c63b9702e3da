using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// The consolidation step through the project's own disruption planner (Core/Disruption), as the
/// provisioner runs it: plan on a snapshot of the cluster, validate each command again on a fresh
/// snapshot once its validation delay has passed, then execute — deletions at once (pods are
/// evicted and re-created elsewhere), replacements by launching the new node, cordoning the old
/// ones and removing them when it is Ready. Without Spark awareness (Karpenter's own
/// consolidation) pods are handed to the planner as ordinary pods, so nothing protects drivers
/// and executors of running applications. With <c>handlesReclaimNotices</c> it answers spot reclaim
/// notices as the provisioner does (the planner's <see cref="InterruptionCommand"/>): the offering
/// is kept out of launches, the node tainted, its replacement launched, its pods evicted
/// gracefully (executors decommission, their work is kept) and the drained node deleted.
/// </summary>
internal sealed class PlannerConsolidation(DisruptionOptions options, bool sparkAware, bool handlesReclaimNotices = false) : IConsolidationStep
{
    /// <summary>Karpenter re-checks a cluster it found consolidated after this long even if nothing changed.</summary>
    private const double RecheckSeconds = 300;

    private readonly List<DisruptionCommand> awaiting = [];
    private long plannedVersion = -1;
    private double plannedAt = double.NegativeInfinity;

    public bool RemovesNodes => true;

    public void Evaluate(StrategyRun run)
    {
        foreach (var node in run.Nodes.Where(n => n.ReplacedBy is { } r && (r.Ready || r.Gone)).ToList())
        {
            run.Remove(node);
        }

        var snapshot = Snapshot(run);
        var due = awaiting.Where(c => c.ValidateAfter <= run.Clock).ToList();
        foreach (var command in due)
        {
            awaiting.Remove(command);
            if (DisruptionPlanner.Validate(command, snapshot, run.Types, run.Clock, options).IsValid)
            {
                Execute(command, run);
                snapshot = Snapshot(run);
            }
        }

        if (awaiting.Count == 0 && due.Count == 0 && !Consolidated(run))
        {
            var commands = DisruptionPlanner.Plan(snapshot, run.Types, run.Clock, options).Commands;
            awaiting.AddRange(commands);
            (plannedVersion, plannedAt) = commands.Count == 0 ? (run.ClusterVersion, run.Now) : (-1, double.NegativeInfinity);
        }
    }

    /// <summary>
    /// Karpenter's "consolidated" state: after a pass that found nothing, the planner runs again
    /// only when the cluster changed, a node's consolidateAfter ran out since, or 5 minutes passed.
    /// </summary>
    private bool Consolidated(StrategyRun run)
    {
        if (plannedVersion != run.ClusterVersion || run.Now - plannedAt >= RecheckSeconds)
        {
            return false;
        }

        var pools = run.Input.Config.NodePools;
        foreach (var node in run.Nodes)
        {
            var after = pools.FirstOrDefault(p => p.Name == node.NodePool)?.Disruption.ConsolidateAfter;
            if (after is { } a && node.LastPodEventAt + a.TotalSeconds > plannedAt && node.LastPodEventAt + a.TotalSeconds <= run.Now)
            {
                return false;
            }
        }

        return true;
    }

    public bool HandleReclaimNotice(StrategyRun run, SimNode node)
    {
        if (!handlesReclaimNotices)
        {
            return false;
        }

        var plan = DisruptionPlanner.Plan(Snapshot(run), run.Types, run.Clock, options);
        var config = run.Input.Config;
        run.Unavailable.RemoveAll(u => u.Until <= run.Clock);
        foreach (var command in plan.Interruptions)
        {
            var reclaimed = run.NodeByName(command.Node);
            if (reclaimed is null)
            {
                continue;
            }

            run.Unavailable.Add(command.UnavailableOffering);
            reclaimed.Cordoned = true;
            foreach (var claim in command.Replacement.NewClaims)
            {
                var candidate = claim.Candidates[0];
                run.Launch(run.TypesByName[candidate.InstanceType], candidate.Offering, config.NodePools.First(p => p.Name == claim.NodePool));
            }

            // Executors first, as the drain does; the re-created pods find the replacement (in flight) or room elsewhere.
            var byReference = reclaimed.Pods.ToDictionary(p => p.Reference);
            foreach (var pod in command.Evict)
            {
                if (byReference.TryGetValue(pod, out var running))
                {
                    run.EvictGracefully(running);
                }
            }

            // Drained: the NodeClaim is deleted and the instance released before the cloud does it.
            run.Remove(reclaimed);
        }

        return true;
    }

    private static void Execute(DisruptionCommand command, StrategyRun run)
    {
        var nodes = command.Nodes.Select(run.NodeByName).OfType<SimNode>().ToList();
        if (command.IsDelete)
        {
            nodes.ForEach(run.Remove);
            return;
        }

        var config = run.Input.Config;
        foreach (var claim in command.Replacements)
        {
            var candidate = claim.Candidates[0];
            var replacement = run.Launch(run.TypesByName[candidate.InstanceType], candidate.Offering, config.NodePools.First(p => p.Name == claim.NodePool));
            foreach (var node in nodes)
            {
                node.Cordoned = true;
                node.ReplacedBy = replacement;
            }
        }
    }

    private ClusterSnapshot Snapshot(StrategyRun run)
    {
        var nodes = new List<ClusterNode>();
        var launching = new List<InFlightClaim>();
        var inUse = new Dictionary<string, ResourceAmounts>(StringComparer.Ordinal);
        foreach (var node in run.Nodes)
        {
            if (node.NodePool is null)
            {
                continue;
            }

            inUse[node.NodePool] = inUse.GetValueOrDefault(node.NodePool) + SolverProvisioner.Capacity(node);
            if (!node.Ready)
            {
                launching.Add(new InFlightClaim(node.Name, node.NodePool, node.Info.Labels, [], node.Free - node.Nominated));
            }

            nodes.Add(new ClusterNode
            {
                Name = node.Name,
                NodePool = node.NodePool,
                InstanceType = node.Type.Name,
                Zone = node.Offering.Zone,
                CapacityType = node.CapacityType,
                PricePerHour = node.Offering.PricePerHour,
                Allocatable = node.Allocatable,
                CreatedAt = run.ClockAt(node.LaunchedAt),
                LastPodEventAt = run.ClockAt(node.LastPodEventAt),
                Labels = node.Info.Labels,
                Ready = node.Ready,
                Disrupting = node.Cordoned,
                ReclaimNoticeAt = handlesReclaimNotices && node.ReclaimNoticeAt is { } notice ? run.ClockAt(notice) : null,
                Pods = [.. node.Pods.Select(Pod)],
            });
        }

        var pools = run.Input.Config.NodePools.Select(p => new NodePoolState(p, inUse.GetValueOrDefault(p.Name), run.Shape.EphemeralStorageBytes) { DaemonSetOverhead = run.Shape.DaemonSetOverhead, Kubelet = run.Shape.NodeClass?.Kubelet }).ToList();
        var pending = run.PendingPods.Select(p => new PendingPod(p.Reference, p.Template.Requests, p.Template.Terms, p.Template.Tolerations, p.Role)).ToList();
        return new ClusterSnapshot(nodes, pools, launching, pending, run.Unavailable);
    }

    private ClusterPod Pod(SimPod pod) => new()
    {
        Pod = pod.Reference,
        Requests = pod.Template.Requests,
        Role = sparkAware ? pod.Role : SparkRole.None,
        ApplicationId = pod.App.Spec.App,
        ApplicationRunning = !pod.App.Done,
        RequirementTerms = pod.Template.Terms,
        Tolerations = pod.Template.Tolerations,
    };
}

