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

    /// <param name="placement">The webhook's placement settings: capacity-type label, spot values, global executor policy.</param>
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
        ILogger<ExtenderHandler> logger)
    {
        (this.placement, this.namespaces, this.prices, this.nodeSource, this.usage) = (placement, namespaces, prices, nodeSource, usage);
        (this.explain, this.metrics, this.clock, this.logger) = (explain, metrics, clock, logger);
        var spotRule = new SpotNodeRule(placement.CapacityTypeLabel, placement.SpotValues);
        filter = new NodeFilter(spotRule);
        scorer = new NodeScorer(options.ToScoringOptions(), spotRule);
        fields = new NodeFieldSelection(NodeFieldsRead.LabelKeys(spotRule), NodeFieldsRead.AnnotationKeys, NodeFieldsRead.ConditionTypes);
    }

    public ExtenderReply Filter(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        const string verb = "filter";
        var started = Stopwatch.GetTimestamp();
        if (!TryParse(verb, body, out var args, out var error))
        {
            return error;
        }

        var guard = SparkGuards.For(args.Pod, namespaces, placement.ExecutorPolicy);
        var rejections = new List<NodeRejection>();
        if (args.Nodes is { } nodes)
        {
            var passing = new List<ParsedNode>(nodes.Count);
            foreach (var node in nodes)
            {
                AddOrReject(filter.Check(guard, node.Info), node, passing, rejections);
            }

            ExtenderResponseWriter.FilterResult(output, body, passing, rejections);
        }
        else
        {
            var passing = new List<string>(args.NodeNames.Count);
            foreach (var name in args.NodeNames)
            {
                // Pods the filter leaves alone need no node details, so a cold cache does not hurt them.
                var rejection = guard == SparkGuard.None ? null
                    : nodeSource.Find(name) is { } info ? filter.Check(guard, info)
                    : NodeFilter.UnknownNode(name);
                AddOrReject(rejection, name, passing, rejections);
            }

            ExtenderResponseWriter.FilterResult(output, passing, rejections);
        }

        metrics.Failed(rejections);
        Finish(verb, args, guard, [], rejections, started);
        return ExtenderReply.Ok;
    }

    public ExtenderReply Prioritize(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        const string verb = "prioritize";
        var started = Stopwatch.GetTimestamp();
        if (!TryParse(verb, body, out var args, out var error))
        {
            return error;
        }

        NodeScore[] scores;
        if (args.Nodes is { } nodes)
        {
            scores = scorer.Score(args.Pod.Requests, nodes.Select(n => n.Info).ToArray(), prices, usage);
        }
        else
        {
            scores = ScoreByName(args);
        }

        ExtenderResponseWriter.PriorityList(output, scores);
        Finish(verb, args, SparkGuards.For(args.Pod, namespaces, placement.ExecutorPolicy), scores, [], started);
        return ExtenderReply.Ok;
    }

    /// <summary>nodeCacheCapable prioritize: score the names the cache knows; unknown names get 0.</summary>
    private NodeScore[] ScoreByName(ParsedExtenderArgs args)
    {
        var known = new List<NodeInfo>(args.NodeNames.Count);
        foreach (var name in args.NodeNames)
        {
            if (nodeSource.Find(name) is { } info)
            {
                known.Add(info);
            }
        }

        var knownScores = scorer.Score(args.Pod.Requests, known, prices, usage);
        if (known.Count == args.NodeNames.Count)
        {
            return knownScores;
        }

        var scores = new NodeScore[args.NodeNames.Count];
        for (int i = 0, k = 0; i < scores.Length; i++)
        {
            var name = args.NodeNames[i];
            scores[i] = k < known.Count && known[k].Name == name
                ? knownScores[k++]
                : new NodeScore(name, 0, new ScoreBreakdown(CapacityType.OnDemand, null, null, 0, 0, false, 0, null, "not in the extender's node cache"));
        }

        return scores;
    }

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
            metrics.Rejected(verb);
            LogBadRequest(verb, e.Message);
            args = null!;
            error = ExtenderReply.BadRequest(e.Message);
            return false;
        }
    }

    private static void AddOrReject<T>(NodeRejection? rejection, T node, List<T> passing, List<NodeRejection> rejections)
    {
        if (rejection is null)
        {
            passing.Add(node);
        }
        else
        {
            rejections.Add(rejection);
        }
    }

    private void Finish(string verb, ParsedExtenderArgs args, SparkGuard guard, IReadOnlyList<NodeScore> scores, IReadOnlyList<NodeRejection> rejections, long started)
    {
        metrics.Answered(verb, args.NodeCount, Stopwatch.GetElapsedTime(started));
        var pod = $"{args.Pod.Namespace}/{args.Pod.Name}";
        // Only the best scores and the first rejections are kept: bounded memory whatever the cluster size.
        explain.Record(new ExtenderDecision(clock.GetUtcNow(), verb, pod, guard, args.NodeCount,
            ExplainLog.Best(scores, ExplainView.NodesPerDecision), rejections.Take(ExplainView.NodesPerDecision).ToArray(), rejections.Count));
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        LogDecision(verb, pod, guard, args.NodeCount, rejections.Count);
        foreach (var score in scores)
        {
            LogScore(pod, score.Name, score.Score, score.Reason);
        }

        foreach (var rejection in rejections)
        {
            LogRejection(pod, rejection.Node, rejection.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "extender {Verb}: bad request: {Error}")]
    private partial void LogBadRequest(string verb, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender {Verb} {Pod}: guard {Guard}, {Nodes} nodes, {Failed} failed")]
    private partial void LogDecision(string verb, string pod, SparkGuard guard, int nodes, int failed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender score {Pod} on {Node}: {Score} ({Reason})")]
    private partial void LogScore(string pod, string node, int score, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "extender filter {Pod}: {Node} fails: {Reason}")]
    private partial void LogRejection(string pod, string node, string reason);
}
