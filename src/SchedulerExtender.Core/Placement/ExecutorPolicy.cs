namespace SchedulerExtender.Core.Placement;

/// <summary>Where executors go. Drivers always avoid spot.</summary>
public enum ExecutorPolicy
{
    /// <summary>Required node affinity to spot capacity (the article's choice, the default).</summary>
    Spot,

    /// <summary>Preferred (weight 100) spot affinity: falls back to on-demand when no spot fits.</summary>
    PreferSpot,

    /// <summary>No placement change for executors.</summary>
    None,
}
