namespace SchedulerExtender.Core.Placement;

/// <summary>The annotation and configuration spelling of <see cref="ExecutorPolicy"/>.</summary>
public static class ExecutorPolicies
{
    public static bool TryParse(string? value, out ExecutorPolicy policy)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "spot":
                policy = ExecutorPolicy.Spot;
                return true;
            case "prefer-spot":
                policy = ExecutorPolicy.PreferSpot;
                return true;
            case "none":
                policy = ExecutorPolicy.None;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    public static string ToText(this ExecutorPolicy policy) => policy switch
    {
        ExecutorPolicy.Spot => "spot",
        ExecutorPolicy.PreferSpot => "prefer-spot",
        _ => "none",
    };
}
