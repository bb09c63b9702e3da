namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// What a new node needs to join: its labels and taints, the ECSNodeClass userData, the CPU
/// architecture (amd64, arm64) and the class's kubelet settings as flags (empty: none).
/// </summary>
public sealed record NodeBootstrapRequest(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Taints,
    string? NodeClassUserData,
    string Arch = "amd64")
{
    public IReadOnlyList<string> KubeletArgs { get; init; } = [];
}
