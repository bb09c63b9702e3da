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
}
