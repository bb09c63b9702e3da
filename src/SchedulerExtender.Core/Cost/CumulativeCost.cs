namespace SchedulerExtender.Core.Cost;

/// <summary>
/// Money spent so far (CNY): each interval adds the hourly cost that was in force during it times
/// its length. The caller measures the interval; a negative one (a clock step back) adds nothing.
/// </summary>
public readonly record struct CumulativeCost(double Total)
{
    public CumulativeCost Advance(double costPerHour, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costPerHour);
        return elapsed <= TimeSpan.Zero ? this : new CumulativeCost(Total + (costPerHour * elapsed.TotalHours));
    }
}
