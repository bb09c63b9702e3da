namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// What DescribeClusterAttachScripts (<c>POST /clusters/{ClusterId}/attachscript</c>) is asked;
/// sent as the JSON body fields nodepool_id, arch, format_disk, keep_instance_name and options.
/// Only <see cref="ClusterId"/> is required; the node pool decides the node's ACK-side
/// configuration (runtime, kubelet settings).
/// </summary>
public sealed record AttachScriptRequest
{
    public required string ClusterId { get; init; }

    public string? NodePoolId { get; init; }

    /// <summary>amd64 (the API's default), arm or arm64.</summary>
    public string? Arch { get; init; }

    /// <summary>Whether the script mounts a data disk for container data (it erases that disk).</summary>
    public bool FormatDisk { get; init; }

    public bool KeepInstanceName { get; init; } = true;

    /// <summary>Extra node options as the API's JSON string (edge clusters); usually null.</summary>
    public string? Options { get; init; }
}
