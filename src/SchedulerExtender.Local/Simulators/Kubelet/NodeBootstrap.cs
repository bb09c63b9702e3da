using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>
/// The labels and taints a node registers with (kubelet's --node-labels and --register-with-taints),
/// and the kubelet settings its bootstrap starts the kubelet with (null: none, the defaults).
/// </summary>
public sealed record NodeBootstrap(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Taint> Taints)
{
    public static NodeBootstrap Empty { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>The node class's kubeletConfiguration as the user data's kubelet flags carry it; null when there are none.</summary>
    public KubeletConfiguration? Kubelet { get; init; }
}
