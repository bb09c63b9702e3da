using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// The scheduler profile of manifests/scheduler: the default plugins' score plus our extender's
/// score (<see cref="NodeScorer"/>, 0..10) scaled to 0..100 and multiplied by the extender weight
/// (5 in scheduler-config.yaml), as kube-scheduler combines them. The extender's decision is
/// the Core scorer's, called with the node's labels, prices and current usage.
/// </summary>
internal sealed class ExtenderRanker(NodeScorer scorer, IPriceSource prices, int weight) : INodeRanker
{
    private const int ExtenderToPluginScale = LeastAllocatedRanker.MaxNodeScore / NodeScore.MaxScore;
    private readonly List<NodeInfo> infos = [];

    public SimNode Choose(SimPod pod, List<SimNode> feasible, StrategyRun run)
    {
        infos.Clear();
        foreach (var node in feasible)
        {
            infos.Add(node.Info);
        }

        var scores = scorer.Score(pod.Template.Requests, infos, prices, run);
        var best = feasible[0];
        var bestScore = long.MinValue;
        for (var i = 0; i < feasible.Count; i++)
        {
            var total = LeastAllocatedRanker.Score(pod, feasible[i]) + ((long)scores[i].Score * ExtenderToPluginScale * weight);
            if (total > bestScore)
            {
                (best, bestScore) = (feasible[i], total);
            }
        }

        return best;
    }
}
