using System.Collections.Concurrent;
using SchedulerExtender.Kubernetes.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>A fake that keeps what the controller reported, as "name:labels" lines.</summary>
internal sealed class RecordingDisruptionMetrics : IDisruptionMetrics
{
    public ConcurrentQueue<string> Reported { get; } = new();

    public int Count(string prefix) => Reported.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    public void ActionStarted(string reason, string method, int nodes, double savingPerHour) => Reported.Enqueue($"action:{reason}:{method}:{nodes}");

    public void ActionAbandoned(string cause) => Reported.Enqueue($"abandoned:{cause}");

    public void SpotReclaimHandled() => Reported.Enqueue("reclaim");

    public void Eviction(string outcome) => Reported.Enqueue($"eviction:{outcome}");

    public void OrphanCollected(string kind) => Reported.Enqueue($"orphan:{kind}");

    public void NodeTerminated() => Reported.Enqueue("terminated");
}
