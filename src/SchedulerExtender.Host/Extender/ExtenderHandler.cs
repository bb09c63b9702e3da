using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// The extender verbs as plain calls: decode the body, run the pure Core filter or scorer, encode
/// the answer. HTTP plumbing lives in <see cref="ExtenderEndpoints"/>.
/// </summary>
public sealed partial class ExtenderHandler
{
    private readonly PlacementOptions placement;
    private readonly INamespaceAnnotations namespaces;
    private readonly IPriceSource prices;
    private readonly INodeSource nodeSource;
    private readonly INodeUsage usage;
    private readonly ExplainLog explain;
    private readonly ExtenderMetrics metrics;
    private readonly TimeProvider clock;
    private readonly ILogger<ExtenderHandler> logger;
    private readonly NodeFilter filter;
    private readonly NodeScorer scorer;
    private readonly NodeFieldSelection fields;
    private readonly SpotNodeRule spotRule;
    private readonly ISparkDriverLookup drivers;

    /// <summary>The last NodeNames filter's passed nodes, until a prioritize call takes them (<see cref="PassedNodes"/>).</summary>
    private PassedNodes? lastPassed;

    /// <param name="placement">The webhook's placement settings: capacity-type label, spot values, global executor policy.</param>
    /// <param name="drivers">Spark drivers by pod UID (the pod cache), for preemption victims sent as UIDs; none known when absent.</param>
    public ExtenderHandler(
        ExtenderOptions options,
        PlacementOptions placement,
        INamespaceAnnotations namespaces,
        IPriceSource prices,
        INodeSource nodeSource,
        INodeUsage usage,
        ExplainLog explain,
        ExtenderMetrics metrics,
        TimeProvider clock,
        ILogger<ExtenderHandler> logger,
        ISparkDriverLookup? drivers = null)
    {
        (this.placement, this.namespaces, this.prices, this.nodeSource, this.usage) = (placement, namespaces, prices, nodeSource, usage);
        (this.explain, this.metrics, this.clock, this.logger) = (explain, metrics, clock, logger);
        this.drivers = drivers ?? NoSparkDrivers.Instance;
        spotRule = SpotRuleOf(placement);
        filter = new NodeFilter(spotRule);
        scorer = new NodeScorer(options.ToScoringOptions(), spotRule);
        fields = NodeFieldSelection.ReadBy(spotRule);
    }

    /// <summary>Spot nodes as the webhook's placement settings define them.</summary>
    public static SpotNodeRule SpotRuleOf(PlacementOptions placement) => SpotNodeRule.Of(placement.CapacityTypeLabel, placement.SpotValues);

    public ExtenderReply Filter(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        const string verb = "filter";
        var started = Stopwatch.GetTimestamp();
        if (!TryParse(verb, body, out var args, out var error))
        {
            return error;
        }

        using (args)
        {
            var guard = SparkGuards.For(args.Pod, namespaces, placement.ExecutorPolicy);
            var rejections = new List<NodeRejection>();
            if (args.Nodes is { } nodes)
            {
                var passing = ArrayPool<int>.Shared.Rent(nodes.Count);
                var passed = 0;
                for (var i = 0; i < nodes.Count; i++)
                {
                    if (filter.Check(guard, nodes[i].Info) is { } rejection)
                    {
                        rejections.Add(rejection);
                    }
                    else
                    {
                        passing[passed++] = i;
                    }
                }

                ExtenderResponseWriter.FilterResult(output, body, nodes, passing.AsSpan(0, passed), rejections);
                ArrayPool<int>.Shared.Return(passing);
            }
            else
            {
                FilterByName(args.NodeNames, guard, rejections, output);
            }

            metrics.Failed(rejections);
            Finish(verb, args.Pod, args.NodeCount, guard, [], null, rejections, started);
            return ExtenderReply.Ok;
        }
    }

    public ExtenderReply Prioritize(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        const string verb = "prioritize";
        var started = Stopwatch.GetTimestamp();
        if (!TryParse(verb, body, out var args, out var error))
        {
            return error;
        }

        using (args)
        {
            var count = args.NodeCount;
            var candidates = ArrayPool<CachedNode?>.Shared.Rent(count);
            var scores = ArrayPool<int>.Shared.Rent(count);
            try
            {
                if (args.Nodes is { } nodes)
                {
                    for (var i = 0; i < count; i++)
                    {
                        candidates[i] = new CachedNode(nodes[i].Info, spotRule);
                    }
                }
                else
                {
                    // nodeCacheCapable: score the names the cache knows; unknown names get 0. Usually
                    // they are the names this pod's filter call just passed, and its nodes are kept.
                    using var passed = Interlocked.Exchange(ref lastPassed, null);
                    if (passed?.TryCopyTo(args.NodeNames, candidates.AsSpan(0, count)) != true)
                    {
                        nodeSource.FindAllUtf8(args.NodeNames.AllUtf8, args.NodeNames.Ends, candidates.AsSpan(0, count));
                    }
                }

                var run = scorer.Score(args.Pod.Requests, candidates.AsSpan(0, count), prices, usage, scores.AsSpan(0, count));
                if (args.Nodes is { } parsed)
                {
                    ExtenderResponseWriter.PriorityList(output, parsed, scores.AsSpan(0, count));
                }
                else
                {
                    ExtenderResponseWriter.PriorityList(output, args.NodeNames, scores.AsSpan(0, count));
                }

                // Reasons are worked out only for what explain keeps and, at debug level, for the log.
                NodeScore Explained(int i) => candidates[i] is { } node ? scorer.Explain(run, node, prices, usage) : NotInCache(args.NodeNames[i]);
                string NameOf(int i) => candidates[i]?.Name ?? args.NodeNames[i];
                var best = ExplainLog.Best(scores.AsSpan(0, count), NameOf, ExplainView.NodesPerDecision).Select(Explained).ToArray();
                var guard = SparkGuards.For(args.Pod, namespaces, placement.ExecutorPolicy);
                Finish(verb, args.Pod, args.NodeCount, guard, best, () => Enumerable.Range(0, count).Select(Explained), [], started);
                return ExtenderReply.Ok;
            }
            finally
            {
                ArrayPool<CachedNode?>.Shared.Return(candidates, clearArray: true);
                ArrayPool<int>.Shared.Return(scores);
            }
        }
    }

    /// <summary>
    /// The preempt verb: kube-scheduler proposes nodes where evicting lower-priority pods would make
    /// room; the nodes the filter would fail for this pod are taken out, with the rest answered
    /// unchanged. Without it, a pod the filter guards could evict pods from a node it will never be
    /// let onto — kube-scheduler skips extenders in its filter phase once its own plugins found no
    /// node, so a driver the webhook missed could preempt pods on a spot node, or anything on a node
    /// under a reclaim notice, for nothing. A node the cache does not know is taken out too: its
    /// victims are evicted only once the extender can judge it. Then, for every preemptor, the
    /// candidates that would evict a running Spark driver go when another candidate evicts none
    /// (<see cref="SparkDriverPreemption"/>).
    /// </summary>
    public ExtenderReply Preempt(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        const string verb = "preempt";
        var started = Stopwatch.GetTimestamp();
        ParsedPreemptionArgs args;
        try
        {
            args = PreemptionArgsParser.Parse(body);
        }
        catch (ExtenderRequestException e)
        {
            return BadRequest(verb, e);
        }

        var guard = SparkGuards.For(args.Pod, namespaces, placement.ExecutorPolicy);
        var kept = new List<PreemptionCandidate>(args.Candidates.Count);
        var rejections = new List<NodeRejection>();
        foreach (var candidate in args.Candidates)
        {
            var rejection = guard == SparkGuard.None ? null
                : nodeSource.Find(candidate.Node) is { } info ? filter.Check(guard, info)
                : NodeFilter.UnknownNode(candidate.Node);
            if (rejection is null)
            {
                kept.Add(candidate);
            }
            else
            {
                rejections.Add(rejection);
            }
        }

        // Only the candidates the filter kept are weighed: a driver-free node the filter refused is no alternative.
        var spared = SparkDriverPreemption.Spare([.. kept.Select(c => new PreemptionCandidateDrivers(c.Node, DriversAmong(c)))]);
        if (spared.Count > 0)
        {
            var removed = spared.Select(r => r.Node).ToHashSet(StringComparer.Ordinal);
            kept.RemoveAll(c => removed.Contains(c.Node));
            rejections.AddRange(spared);
        }

        ExtenderResponseWriter.PreemptionResult(output, kept);
        metrics.RemovedFromPreemption(rejections);
        Finish(verb, args.Pod, args.Candidates.Count, guard, [], null, rejections, started);
        return ExtenderReply.Ok;
    }

    /// <summary>The Spark drivers among a candidate's victims: read from whole pods when sent, else looked up by UID.</summary>
    private IReadOnlyList<string> DriversAmong(PreemptionCandidate candidate)
    {
        if (candidate.DriversAmongVictims is { } known)
        {
            return known;
        }

        List<string>? found = null;
        foreach (var uid in candidate.VictimUids)
        {
            if (drivers.FindDriver(uid) is { } driver)
            {
                (found ??= []).Add(driver);
            }
        }

        return found ?? (IReadOnlyList<string>)[];
    }

    /// <summary>nodeCacheCapable filter: names pass or fail by index, never becoming strings unless they fail unknown.</summary>
    private void FilterByName(NodeNameList names, SparkGuard guard, List<NodeRejection> rejections, IBufferWriter<byte> output)
    {
        var passing = ArrayPool<int>.Shared.Rent(names.Count);
        var rejectedAt = ArrayPool<int>.Shared.Rent(names.Count);
        var found = ArrayPool<CachedNode?>.Shared.Rent(names.Count);
        try
        {
            // Pods the filter leaves alone need no node details, so a cold cache does not hurt them.
            if (guard != SparkGuard.None)
            {
                nodeSource.FindAllUtf8(names.AllUtf8, names.Ends, found.AsSpan(0, names.Count));
            }

            var passed = 0;
            for (var i = 0; i < names.Count; i++)
            {
                var rejection = guard == SparkGuard.None ? null
                    : found[i] is { } node ? filter.Check(guard, node)
                    : NodeFilter.UnknownNode(names[i]);
                if (rejection is null)
                {
                    passing[passed++] = i;
                }
                else
                {
                    rejectedAt[rejections.Count] = i;
                    rejections.Add(rejection);
                }
            }

            ExtenderResponseWriter.FilterResult(output, names, passing.AsSpan(0, passed), rejections, rejectedAt.AsSpan(0, rejections.Count));
            if (guard != SparkGuard.None)
            {
                Interlocked.Exchange(ref lastPassed, PassedNodes.Of(names, passing.AsSpan(0, passed), found.AsSpan(0, names.Count)))?.Dispose();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(passing);
            ArrayPool<int>.Shared.Return(rejectedAt);
            ArrayPool<CachedNode?>.Shared.Return(found, clearArray: true);
        }
    }

    private static NodeScore NotInCache(string name) =>
        new(name, 0, new ScoreBreakdown(CapacityType.OnDemand, null, null, 0, 0, false, 0, null, "not in the extender's node cache"));

    private bool TryParse(string verb, ReadOnlySpan<byte> body, out ParsedExtenderArgs args, out ExtenderReply error)
    {
        try
        {
            args = ExtenderArgsParser.Parse(body, fields);
            error = default;
            return true;
        }
        catch (ExtenderRequestException e)
        {
            args = null!;
            error = BadRequest(verb, e);
            return false;
        }
    }

    private ExtenderReply BadRequest(string verb, ExtenderRequestException e)
    {
        metrics.Rejected(verb);
        LogBadRequest(verb, e.Message);
        return ExtenderReply.BadRequest(e.Message);
    }

    /// <param name="best">The best scores, already trimmed for explain.</param>
    /// <param name="allScores">Every score with its reason, worked out only when debug logging is on.</param>
    private void Finish(string verb, SchedulingPod schedulingPod, int nodeCount, SparkGuard guard, NodeScore[] best, Func<IEnumerable<NodeScore>>? allScores, IReadOnlyList<NodeRejection> rejections, long started)
    {
        metrics.Answered(verb, nodeCount, Stopwatch.GetElapsedTime(started));
        var pod = $"{schedulingPod.Namespace}/{schedulingPod.Name}";
        // Only the best scores and the first rejections are kept: bounded memory whatever the cluster size.
        explain.Record(new ExtenderDecision(clock.GetUtcNow(), verb, pod, guard, nodeCount,
            best, rejections.Take(ExplainView.NodesPerDecision).ToArray(), rejections.Count));
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        LogDecision(verb, pod, guard, nodeCount, rejections.Count);
        foreach (var score in allScores?.Invoke() ?? [])
        {
            LogScore(pod, score.Name, score.Score, score.Reason);
        }

        foreach (var rejection in rejections)
        {
            LogRejection(verb, pod, rejection.Node, rejection.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "extender {Verb}: bad request: {Error}")]
    private partial void LogBadRequest(string verb, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender {Verb} {Pod}: guard {Guard}, {Nodes} nodes, {Failed} failed")]
    private partial void LogDecision(string verb, string pod, SparkGuard guard, int nodes, int failed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender score {Pod} on {Node}: {Score} ({Reason})")]
    private partial void LogScore(string pod, string node, int score, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender {Verb} {Pod}: {Node} fails: {Reason}")]
    private partial void LogRejection(string verb, string pod, string node, string reason);
}
