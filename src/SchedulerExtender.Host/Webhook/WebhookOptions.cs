using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Host.Webhook;

/// <summary>Configuration section <c>Webhook</c>; validated at start-up by <see cref="WebhookOptionsValidator"/>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhook";

    public string CapacityTypeLabel { get; set; } = "karpenter.sh/capacity-type";

    /// <summary>Null means the default, <c>["spot"]</c> (a list default would be appended to by the binder).</summary>
    public string[]? SpotValues { get; set; }

    /// <summary>spot, prefer-spot or none.</summary>
    public string ExecutorPolicy { get; set; } = "spot";

    public TolerationOptions? SpotToleration { get; set; }

    public string? SchedulerName { get; set; }

    public int? ExecutorTerminationGracePeriodSeconds { get; set; }

    public PlacementOptions ToPlacementOptions()
    {
        ExecutorPolicies.TryParse(ExecutorPolicy, out var policy);
        return new PlacementOptions
        {
            CapacityTypeLabel = CapacityTypeLabel,
            SpotValues = SpotValues is { Length: > 0 } values ? values : ["spot"],
            ExecutorPolicy = policy,
            SpotToleration = SpotToleration is { } t ? new Toleration(t.Key, t.Operator, t.Value, t.Effect) : null,
            SchedulerName = string.IsNullOrWhiteSpace(SchedulerName) ? null : SchedulerName,
            ExecutorTerminationGracePeriodSeconds = ExecutorTerminationGracePeriodSeconds,
        };
    }
}
