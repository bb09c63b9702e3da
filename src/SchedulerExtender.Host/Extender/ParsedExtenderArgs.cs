using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// A decoded <c>ExtenderArgs</c>. <see cref="Nodes"/> is non-null in full mode (the scheduler sent
/// a NodeList); otherwise the request is in nodeCacheCapable mode and <see cref="NodeNames"/> holds
/// the names (empty when the scheduler sent neither). Dispose returns the pooled buffers.
/// </summary>
public sealed record ParsedExtenderArgs(SchedulingPod Pod, ParsedNodeList? Nodes, NodeNameList NodeNames) : IDisposable
{
    public void Dispose()
    {
        Nodes?.Dispose();
        NodeNames.Dispose();
    }

    public bool IsFullMode => Nodes is not null;

    public int NodeCount => Nodes?.Count ?? NodeNames.Count;
}
