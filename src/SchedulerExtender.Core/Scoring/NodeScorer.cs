using System.Buffers;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// Scores candidate nodes for one pod on three criteria, each in 0..1, combined by the weights in
/// <see cref="ScoringOptions"/> into kube-scheduler's 0..10:
/// <list type="bullet">
/// <item>price: the node's hourly price (spot or on-demand, looked up by the node's own instance
/// type, zone and capacity type labels) times the pod's dominant share of the node = what the pod
/// costs there per hour; the cheapest candidate scores 1, others min/cost. Unknown price: 0.5.</item>
/// <item>fit: utilisation of the node's most-filled resource after placing the pod, so the node
/// the pod fills most tightly (least left over) wins and an exact fill scores 1; a pod that does
/// not fit scores 0. Without usage data this is measured against allocatable alone.</item>
/// <item>risk: on-demand 1; spot 1 - rate/ceiling by the expected interruption rate; unknown 0.5.</item>
/// </list>
/// Pure and deterministic: the result depends only on the arguments, in the order of the nodes.
/// </summary>
public sealed class NodeScorer(ScoringOptions options, SpotNodeRule spotRule)
{
    /// <summary>kube-scheduler's defaults for pods that request nothing (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest).</summary>
    public static readonly ResourceAmounts NonZeroDefaults = new(100, 200L * 1024 * 1024);

    private const double Neutral = 0.5;

    /// <summary>Every node's score with its breakdown, in the order of the nodes.</summary>
    public NodeScore[] Score(ResourceAmounts podRequests, IReadOnlyList<NodeInfo> nodes, IPriceSource prices, INodeUsage usage)
    {
        var request = Occupied(podRequests);
        var partial = new PartialScore[nodes.Count];
        var cheapest = double.PositiveInfinity;
        for (var i = 0; i < nodes.Count; i++)
        {
            partial[i] = MeasureAfresh(request, nodes[i], prices, usage.Requested(nodes[i].Name));
            if (partial[i].PodCostPerHour is { } cost)
            {
                cheapest = Math.Min(cheapest, cost);
            }
        }

        var scores = new NodeScore[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            scores[i] = Scored(nodes[i].Name, partial[i], cheapest);
        }

        return scores;
    }

    /// <summary>
    /// The scores alone, into <paramref name="scores"/> (same order as <paramref name="nodes"/>):
    /// the extender's hot path, which for nodes kept between calls allocates nothing per node. A
    /// null node — one the caller does not know — scores 0 and takes no part in the price
    /// comparison. The same numbers as
    /// <see cref="Score(ResourceAmounts, IReadOnlyList{NodeInfo}, IPriceSource, INodeUsage)"/>;
    /// <see cref="Explain"/> gives any node's breakdown afterwards from the returned run. Each node's
    /// price is looked up once per <see cref="IPriceSource.Version"/> and kept on the node: the node
    /// cache's nodes live across calls, and reading their labels and offerings again was a third of
    /// a call at 5,000 nodes.
    /// </summary>
    public ScoringRun Score(ResourceAmounts podRequests, ReadOnlySpan<CachedNode?> nodes, IPriceSource prices, INodeUsage usage, Span<int> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, nodes.Length, nameof(scores));
        var request = Occupied(podRequests);
        var pricesVersion = prices.Version;

        // Price score needs the cheapest pod cost first: keep what the second pass needs per node.
        var costs = ArrayPool<double>.Shared.Rent(nodes.Length);
        var fits = ArrayPool<double>.Shared.Rent(nodes.Length);
        var risks = ArrayPool<double>.Shared.Rent(nodes.Length);
        try
        {
            var cheapest = double.PositiveInfinity;
            for (var i = 0; i < nodes.Length; i++)
            {
                if (nodes[i] is not { } node)
                {
                    continue;
                }

                var p = Measure(request, node, prices, pricesVersion, usage);
                (costs[i], fits[i], risks[i]) = (p.PodCostPerHour ?? double.NaN, p.Fit, p.Risk);
                if (p.PodCostPerHour is { } cost)
                {
                    cheapest = Math.Min(cheapest, cost);
                }
            }

            for (var i = 0; i < nodes.Length; i++)
            {
                scores[i] = nodes[i] is null ? 0 : Combine(PriceScore(double.IsNaN(costs[i]) ? null : costs[i], cheapest), fits[i], risks[i]);
            }

            return new ScoringRun(request, cheapest);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(costs);
            ArrayPool<double>.Shared.Return(fits);
            ArrayPool<double>.Shared.Return(risks);
        }
    }

    /// <summary>One node's score and breakdown within <paramref name="run"/>: what explain and debug logs show.</summary>
    public NodeScore Explain(ScoringRun run, CachedNode node, IPriceSource prices, INodeUsage usage) =>
        Scored(node.Name, Measure(run.Request, node, prices, prices.Version, usage), run.CheapestPodCost);

    /// <summary>As kube-scheduler's scoring does, a pod that requests nothing still occupies something.</summary>
    private static ResourceAmounts Occupied(ResourceAmounts podRequests) => new(
        podRequests.MilliCpu > 0 ? podRequests.MilliCpu : NonZeroDefaults.MilliCpu,
        podRequests.MemoryBytes > 0 ? podRequests.MemoryBytes : NonZeroDefaults.MemoryBytes);

    private NodeScore Scored(string name, PartialScore p, double cheapest)
    {
        var priceScore = PriceScore(p.PodCostPerHour, cheapest);
        var breakdown = new ScoreBreakdown(p.CapacityType, p.PricePerHour, p.Share, priceScore, p.Fit, p.FitKnowsUsage, p.Risk, p.InterruptionRate, p.Note);
        return new NodeScore(name, Combine(priceScore, p.Fit, p.Risk), breakdown);
    }

    private static double PriceScore(double? podCost, double cheapest) => podCost switch
    {
        null => Neutral,
        <= 0 => 1,
        { } cost => cheapest / cost,
    };

    /// <summary>A cached node by the scorer's rule, its price kept on it for the price source's version.</summary>
    private PartialScore Measure(ResourceAmounts request, CachedNode node, IPriceSource prices, object pricesVersion, INodeUsage usage)
    {
        if (!ReferenceEquals(node.SpotRule, spotRule))
        {
            // Kept by another rule than this scorer's (not when both came from SpotNodeRule.Of for one configuration): read it afresh.
            return MeasureAfresh(request, node.Info, prices, node.RequestedBy(usage));
        }

        if (node.PriceIn(pricesVersion) is not { } price)
        {
            price = PriceOf(node.Info, node.CapacityType, prices, pricesVersion);
            node.Remember(price);
        }

        return Measure(request, node.CapacityType, node.Allocatable, price, node.RequestedBy(usage));
    }

    /// <summary>A node read from its labels by the scorer's rule, its price looked up and not kept.</summary>
    private PartialScore MeasureAfresh(ResourceAmounts request, NodeInfo node, IPriceSource prices, ResourceAmounts? used)
    {
        var capacityType = spotRule.CapacityTypeOf(node);
        return Measure(request, capacityType, node.Allocatable, PriceOf(node, capacityType, prices, null), used);
    }

    /// <summary>The node's offering by its instance type and zone labels and its capacity type.</summary>
    private static NodePrice PriceOf(NodeInfo node, CapacityType capacityType, IPriceSource prices, object? pricesVersion)
    {
        var instanceType = NodeLabels.InstanceTypeOf(node);
        var zone = NodeLabels.ZoneOf(node);
        var offering = instanceType is null || zone is null ? null : prices.Find(instanceType, zone, capacityType);
        return new NodePrice(pricesVersion, offering?.PricePerHour, offering?.InterruptionRate);
    }

    /// <param name="used">Requests of the pods already on the node; null when unknown.</param>
    private PartialScore Measure(ResourceAmounts request, CapacityType capacityType, ResourceAmounts? nodeAllocatable, NodePrice price, ResourceAmounts? used)
    {
        var (risk, rate) = RiskOf(capacityType, price.InterruptionRate);

        if (nodeAllocatable is not { } allocatable || (allocatable.MilliCpu <= 0 && allocatable.MemoryBytes <= 0))
        {
            return new PartialScore(capacityType, price.PricePerHour, null, null, Neutral, false, risk, rate, "no allocatable resources");
        }

        var after = (used ?? ResourceAmounts.Zero) + request;
        var cpuAfter = Utilisation(after.MilliCpu, allocatable.MilliCpu);
        var memoryAfter = Utilisation(after.MemoryBytes, allocatable.MemoryBytes);
        var share = Math.Max(Utilisation(request.MilliCpu, allocatable.MilliCpu), Utilisation(request.MemoryBytes, allocatable.MemoryBytes));
        var tightest = Math.Max(cpuAfter, memoryAfter);
        var fits = tightest <= 1;
        var fit = fits ? tightest : 0;
        // A price that is not a number counts as unknown, so that one bad catalogue entry cannot poison the comparison.
        double? podCost = price.PricePerHour is not { } perHour || !fits || !double.IsFinite(perHour) ? null : perHour * share;
        var note = fits ? null : "pod does not fit";
        return new PartialScore(capacityType, price.PricePerHour, podCost, Math.Min(share, 1), fit, used is not null, risk, rate, note);
    }

    private (double Risk, double? Rate) RiskOf(CapacityType capacityType, double? interruptionRate)
    {
        if (capacityType == CapacityType.OnDemand)
        {
            return (1, null);
        }

        return interruptionRate is { } rate && double.IsFinite(rate)
            ? (1 - Math.Clamp(rate / options.RiskCeilingPerHour, 0, 1), rate)
            : (Neutral, null);
    }

    /// <summary>Used over allocatable; a resource the node lacks counts as full only if the pod needs it.</summary>
    private static double Utilisation(long amount, long allocatable) =>
        allocatable > 0 ? (double)amount / allocatable
        : amount > 0 ? double.PositiveInfinity
        : 0;

    private int Combine(double price, double fit, double risk)
    {
        var total = options.PriceWeight + options.FitWeight + options.RiskWeight;
        var weighted = ((options.PriceWeight * price) + (options.FitWeight * fit) + (options.RiskWeight * risk)) / total;
        return (int)Math.Clamp(Math.Round(weighted * NodeScore.MaxScore, MidpointRounding.AwayFromZero), 0, NodeScore.MaxScore);
    }

    private readonly record struct PartialScore(
        CapacityType CapacityType,
        double? PricePerHour,
        double? PodCostPerHour,
        double? Share,
        double Fit,
        bool FitKnowsUsage,
        double Risk,
        double? InterruptionRate,
        string? Note);
}
