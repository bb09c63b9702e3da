using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Stands in until the Kubernetes node and pod caches are registered: no node known (names-only
/// calls fail Spark pods with "not in cache") and no usage known (fit against allocatable).
/// </summary>
internal sealed class NoNodeCache : INodeSource, INodeUsage
{
    public CachedNode? Find(string name) => null;

    public ResourceAmounts? Requested(string nodeName) => null;
}
