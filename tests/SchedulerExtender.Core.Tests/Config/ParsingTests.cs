using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Resources;

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
    [InlineData("1", 1000)]
    [InlineData("500m", 500)]
    [InlineData("0.25", 250)]
    [InlineData("2e3", 2_000_000)]
    public void Cpu_quantities(string text, long milli) => Quantities.ParseMilli(text).Should().Be(milli);

    [Theory]
    [InlineData("896Mi", 896L * 1024 * 1024)]
    [InlineData("1Gi", 1L << 30)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("1.5Ki", 1536)]
    [InlineData("128974848", 128974848)]
    public void Byte_quantities(string text, long bytes) => Quantities.ParseWhole(text).Should().Be(bytes);

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("1Qi")]
    [InlineData("")]
    public void Bad_quantities(string text) => Quantities.ParseWhole(text).Should().BeNull();
}
