using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>The labels and taints a node registers with (kubelet's --node-labels and --register-with-taints).</summary>
public sealed record NodeBootstrap(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Taint> Taints)
{
    public static NodeBootstrap Empty { get; } = new(new Dictionary<string, string>(), []);
}
