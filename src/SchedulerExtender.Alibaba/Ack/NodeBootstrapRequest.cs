namespace SchedulerExtender.Alibaba.Ack;

/// <summary>What a new node needs to join: its labels and taints, the ECSNodeClass userData and the CPU architecture (amd64, arm64).</summary>
public sealed record NodeBootstrapRequest(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Taints,
    string? NodeClassUserData,
    string Arch = "amd64");
