namespace SchedulerExtender.Core.Provisioning;

/// <summary>Kubernetes providerIDs of Alibaba Cloud nodes: <c>&lt;region&gt;.&lt;instance-id&gt;</c>.</summary>
public static class ProviderIds
{
    public static string Format(string region, string instanceId) => $"{region}.{instanceId}";

    /// <summary>Splits at the first dot: region IDs and instance IDs contain none.</summary>
    public static bool TryParse(string? providerId, out string region, out string instanceId)
    {
        var dot = providerId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (providerId is null || dot <= 0 || dot == providerId.Length - 1 || providerId.IndexOf('.', dot + 1) >= 0)
        {
            region = instanceId = "";
            return false;
        }

        region = providerId[..dot];
        instanceId = providerId[(dot + 1)..];
        return true;
    }
}
