using System.Collections.Concurrent;
using k8s.Models;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

/// <summary>A recording extender: rejects the nodes in <see cref="Reject"/>, scores from <see cref="Scores"/>, or fails.</summary>
internal sealed class FakeExtender(ExtenderConfig config) : ISchedulerExtender
{
    public ExtenderConfig Config { get; } = config;

    public Dictionary<string, string> Reject { get; } = [];

    public Dictionary<string, long> Scores { get; } = [];

    public bool Fail { get; init; }

    public ConcurrentQueue<(string Verb, string Pod, IReadOnlyList<string> Nodes)> Calls { get; } = new();

    public static ExtenderConfig Config5(bool ignorable = true) => new()
    {
        UrlPrefix = "https://127.0.0.1:1/extender",
        FilterVerb = "filter",
        PrioritizeVerb = "prioritize",
        Weight = 5,
        NodeCacheCapable = true,
        Ignorable = ignorable,
    };

    public Task<ExtenderFilterResult> FilterAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        Record("filter", pod, nodes);
        return Fail
            ? Task.FromException<ExtenderFilterResult>(new SchedulerExtenderException("extender filter: connection refused"))
            : Task.FromResult(new ExtenderFilterResult(
                [.. nodes.Select(n => n.Metadata.Name).Where(n => !Reject.ContainsKey(n))],
                Reject.Where(r => nodes.Any(n => n.Metadata.Name == r.Key)).ToDictionary()));
    }

    public Task<IReadOnlyList<ExtenderHostScore>> PrioritizeAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        Record("prioritize", pod, nodes);
        return Fail
            ? Task.FromException<IReadOnlyList<ExtenderHostScore>>(new SchedulerExtenderException("extender prioritize: connection refused"))
            : Task.FromResult<IReadOnlyList<ExtenderHostScore>>([.. nodes.Select(n => new ExtenderHostScore(n.Metadata.Name, Scores.GetValueOrDefault(n.Metadata.Name)))]);
    }

    private void Record(string verb, V1Pod pod, IReadOnlyList<V1Node> nodes) =>
        Calls.Enqueue((verb, pod.Metadata.Name, [.. nodes.Select(n => n.Metadata.Name)]));
}
