namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// Interruption rates of spot offerings, as the expected fraction of instances reclaimed per hour.
/// <para>
/// The rule when nothing better is known: a flat <see cref="DefaultRatePerHour"/> for every spot
/// offering. We deliberately do NOT infer risk from the spot discount: a deep discount says little
/// about how often capacity is reclaimed, and a made-up curve would look like data. When measured
/// data exists — ECS DescribeSpotAdvice returns, per zone and type, <c>InterruptionRate</c>, the
/// average release rate of spot instances over the previous 30 days — it overrides the default
/// through <see cref="FromThirtyDayReleaseRate"/>.
/// </para>
/// </summary>
public static class SpotInterruption
{
    /// <summary>Hours in the 30-day window DescribeSpotAdvice averages over.</summary>
    public const double HoursInAdviceWindow = 30 * 24;

    /// <summary>
    /// 5% of instances released over 30 days, spread evenly: the middle of DescribeSpotAdvice's
    /// lower buckets, a cautious-but-not-alarming prior for common general-purpose families.
    /// </summary>
    public const double DefaultThirtyDayReleaseRate = 0.05;

    public static double DefaultRatePerHour => FromThirtyDayReleaseRate(DefaultThirtyDayReleaseRate);

    /// <summary>
    /// Converts a 30-day release rate (a fraction 0..1 as DescribeSpotAdvice's InterruptionRate)
    /// into a per-hour rate, assuming releases are spread evenly over the window.
    /// </summary>
    public static double FromThirtyDayReleaseRate(double thirtyDayRate)
    {
        if (double.IsNaN(thirtyDayRate) || thirtyDayRate < 0 || thirtyDayRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(thirtyDayRate), thirtyDayRate, "A release rate is a fraction between 0 and 1.");
        }

        return thirtyDayRate / HoursInAdviceWindow;
    }

    /// <summary>The offering's own rate, else the default for spot, else null (on-demand).</summary>
    public static double? RateOrDefault(Offering offering) =>
        offering.CapacityType == CapacityType.Spot ? offering.InterruptionRate ?? DefaultRatePerHour : null;
}
