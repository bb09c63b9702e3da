using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("1m", 60)]
    [InlineData("30s", 30)]
    [InlineData("720h", 720 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    public void Go_durations(string text, int seconds)
    {
        Durations.TryParse(text, allowNever: false, out var d).Should().BeTrue();
        d.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("Never", true)]
    [InlineData("", false)]
    [InlineData("1d", false)]
    [InlineData("m", false)]
    [InlineData("10", false)]
    public void Never_and_junk(string text, bool ok) =>
        Durations.TryParse(text, allowNever: true, out _).Should().Be(ok);

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(30, "30s")]
    [InlineData(90, "1m30s")]
    [InlineData(1800, "30m0s")]
    [InlineData(5400, "1h30m0s")]
    [InlineData(172_800, "48h0m0s")]
    [InlineData(3661.5, "1h1m1.5s")]
    [InlineData(0.25, "250ms")]
    [InlineData(-60, "-1m0s")]
    public void Durations_are_written_as_Go_writes_them(double seconds, string expected) =>
        Durations.Format(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Theory]
    [InlineData(1L)]
    [InlineData(15_000L)]
    [InlineData(1_234_567L)]
    [InlineData(987_654_321_000L)]
    public void A_written_duration_reads_back_to_the_same_ticks(long ticks)
    {
        var text = Durations.Format(TimeSpan.FromTicks(ticks));

        Durations.TryParse(text, allowNever: false, out var read).Should().BeTrue(text);
        read.Should().Be(TimeSpan.FromTicks(ticks), text);
    }
}
