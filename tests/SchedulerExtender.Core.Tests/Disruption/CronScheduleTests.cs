using SchedulerExtender.Core.Disruption;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class CronScheduleTests
{
    // 2026-01-05 is a Monday.
    public static TheoryData<string, string, double, bool> Windows => new()
    {
        // schedule, now (UTC), duration hours, active?
        { "0 9 * * 1-5", "2026-01-05T09:00:00Z", 8, true },
        { "0 9 * * 1-5", "2026-01-05T16:59:59Z", 8, true },
        { "0 9 * * 1-5", "2026-01-05T17:00:00Z", 8, false },
        { "0 9 * * 1-5", "2026-01-05T08:59:00Z", 8, false },
        { "0 9 * * 1-5", "2026-01-10T10:00:00Z", 8, false }, // Saturday
        { "0 9 * * mon-fri", "2026-01-09T10:00:00Z", 8, true }, // Friday, by name
        { "0 22 * * *", "2026-01-06T03:00:00Z", 8, true }, // window crosses midnight
        { "0 22 * * *", "2026-01-06T06:00:00Z", 8, false },
        { "@daily", "2026-01-06T00:30:00Z", 1, true },
        { "@daily", "2026-01-06T01:00:00Z", 1, false },
        { "@hourly", "2026-01-06T13:59:00Z", 1, true },
        { "*/15 * * * *", "2026-01-06T13:16:00Z", 0.01, false },
        { "*/15 * * * *", "2026-01-06T13:15:20Z", 0.01, true },
        { "0 0 1 * *", "2026-02-01T05:00:00Z", 6, true },
        { "0 0 1 * *", "2026-02-02T05:00:00Z", 6, false },
        { "0 0 1 jan *", "2026-02-01T05:00:00Z", 6, false },
        { "0 0 * * 7", "2026-01-11T00:10:00Z", 1, true }, // 7 is Sunday too
        // Both day fields restricted: either matches (the 15th, or any Monday).
        { "0 0 15 * 1", "2026-01-15T00:10:00Z", 1, true },
        { "0 0 15 * 1", "2026-01-12T00:10:00Z", 1, true },
        { "0 0 15 * 1", "2026-01-13T00:10:00Z", 1, false },
        // One day field is *: both must match.
        { "0 0 15 * *", "2026-01-12T00:10:00Z", 1, false },
        { "0 0 * * 0", "2026-01-04T12:00:00Z", 168, true }, // a week-long window
        { "0 0 1 1 *", "2026-12-31T23:00:00Z", 24 * 365, true }, // a year-long window
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void A_window_is_open_from_a_firing_for_its_duration(string schedule, string now, double hours, bool active) =>
        CronSchedule.Parse(schedule).IsActive(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(hours))
            .Should().Be(active);

    [Theory]
    [InlineData("0 9 * *", "5 fields")]
    [InlineData("61 * * * *", "minute")]
    [InlineData("0 24 * * *", "hour")]
    [InlineData("0 0 0 * *", "day of month")]
    [InlineData("0 0 * 13 *", "month")]
    [InlineData("0 0 * * 8", "day of week")]
    [InlineData("0 0 * * fri-mon", "backwards")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("@fortnightly", "5 fields")]
    public void Bad_schedules_are_rejected_with_the_field_named(string schedule, string message) =>
        FluentActions.Invoking(() => CronSchedule.Parse(schedule)).Should().Throw<FormatException>().WithMessage($"*{message}*");

    [Fact]
    public void Fires_only_on_matching_minutes() =>
        new[] { "2026-01-05T09:00:00Z", "2026-01-05T09:30:00Z", "2026-01-05T09:45:00Z", "2026-01-05T10:00:00Z" }
            .Select(t => CronSchedule.Parse("0,30 9 * * *").FiresAt(DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Equal(true, true, false, false);
}
