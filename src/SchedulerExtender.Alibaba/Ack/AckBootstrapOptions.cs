namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// Configuration section <c>Alibaba:Bootstrap</c>: how launched instances join the cluster.
/// <code>
/// "Alibaba": { "Bootstrap": { "Mode": "Ack", "ClusterId": "c0123…", "RegionId": "cn-shenzhen", "NodePoolId": "np…" } }
/// </code>
/// </summary>
public sealed record AckBootstrapOptions
{
    public const string Section = "Alibaba:Bootstrap";

    public NodeBootstrapMode Mode { get; init; } = NodeBootstrapMode.UserData;

    /// <summary>The ACK cluster to join (required in ACK mode).</summary>
    public string? ClusterId { get; init; }

    /// <summary>The cluster's region (required in ACK mode); the endpoint is <c>https://cs.&lt;region&gt;.aliyuncs.com/</c>.</summary>
    public string? RegionId { get; init; }

    /// <summary>Overrides the Container Service endpoint (a VPC endpoint, the local emulator).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The ACK node pool whose configuration new nodes take; null for the cluster's default pool.</summary>
    public string? NodePoolId { get; init; }

    /// <summary>Whether ACK's script mounts a data disk for container data (it erases that disk).</summary>
    public bool FormatDisk { get; init; }

    /// <summary>How long a fetched attach script is used before it is fetched again (its join token expires).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the last good script is still used while ACK's API fails.</summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Every problem with the options, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Mode != NodeBootstrapMode.Ack)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            errors.Add($"{Section}:ClusterId is required when Mode is Ack.");
        }

        if (string.IsNullOrWhiteSpace(RegionId))
        {
            errors.Add($"{Section}:RegionId is required when Mode is Ack.");
        }

        if (RefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:RefreshInterval must be positive.");
        }

        if (MaxStaleness < RefreshInterval)
        {
            errors.Add($"{Section}:MaxStaleness must be at least RefreshInterval.");
        }

        return errors;
    }
}
