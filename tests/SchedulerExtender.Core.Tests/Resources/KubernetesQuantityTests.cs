using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Tests.Resources;

public sealed class KubernetesQuantityTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("0", "0")]
    [InlineData("500m", "0.5")]
    [InlineData("100m", "0.1")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("2.", "2")]
    [InlineData("+3", "3")]
    [InlineData("-1", "-1")]
    [InlineData("250u", "0.00025")]
    [InlineData("7n", "0.000000007")]
    [InlineData("2k", "2000")]
    [InlineData("3M", "3000000")]
    [InlineData("1G", "1000000000")]
    [InlineData("1T", "1000000000000")]
    [InlineData("1P", "1000000000000000")]
    [InlineData("1E", "1000000000000000000")]
    [InlineData("1Ki", "1024")]
    [InlineData("896Mi", "939524096")]
    [InlineData("1Gi", "1073741824")]
    [InlineData("1.5Gi", "1610612736")]
    [InlineData("2Ti", "2199023255552")]
    [InlineData("1Pi", "1125899906842624")]
    [InlineData("1Ei", "1152921504606846976")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData("5e-2", "0.05")]
    [InlineData("1.5e+2", "150")]
    [InlineData(" 4 ", "4")]
    public void Parses_valid_quantities(string text, string expected)
    {
        KubernetesQuantity.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("Gi")]
    [InlineData("1.2.3")]
    [InlineData("1gi")]
    [InlineData("1KB")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1e99")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("--1")]
    public void Rejects_invalid_quantities(string text)
    {
        KubernetesQuantity.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Parse_names_the_text_it_rejects()
    {
        var parse = () => KubernetesQuantity.Parse("12parsecs");
        parse.Should().Throw<FormatException>().WithMessage("*12parsecs*");
    }

    [Theory]
    [InlineData("500m", 500)]
    [InlineData("0.1", 100)]
    [InlineData("1", 1000)]
    [InlineData("1.0001", 1001)]
    [InlineData("1u", 1)]
    [InlineData("bogus", 0)]
    public void Cpu_converts_to_millicores_rounding_up(string text, long expected)
    {
        KubernetesQuantity.ToMilli(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1.5", 2)]
    [InlineData("100m", 1)]
    [InlineData("-5", 0)]
    public void Memory_converts_to_whole_bytes_rounding_up(string text, long expected)
    {
        KubernetesQuantity.ToWhole(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("1", 1000)]
    [InlineData("500m", 500)]
    [InlineData("0.25", 250)]
    [InlineData("2e3", 2_000_000)]
    public void Strict_cpu_quantities(string text, long milli) => KubernetesQuantity.ParseMilli(text).Should().Be(milli);

    [Theory]
    [InlineData("896Mi", 896L * 1024 * 1024)]
    [InlineData("1Gi", 1L << 30)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("1.5Ki", 1536)]
    [InlineData("128974848", 128974848)]
    public void Strict_byte_quantities(string text, long bytes) => KubernetesQuantity.ParseWhole(text).Should().Be(bytes);

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("1Qi")]
    [InlineData("")]
    [InlineData(null)]
    public void Strict_parsing_rejects_junk_and_negatives(string? text)
    {
        KubernetesQuantity.ParseWhole(text).Should().BeNull();
        KubernetesQuantity.ParseMilli(text).Should().BeNull();
    }

    [Theory]
    [InlineData("7e28", long.MaxValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Huge_cpu_saturates_instead_of_overflowing(string text, long expected) =>
        KubernetesQuantity.ParseMilli(text).Should().Be(expected);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(4_000, "4")]
    [InlineData(6_500, "6500m")]
    [InlineData(250, "250m")]
    public void Millicores_print_as_kubernetes_does_and_parse_back(long milli, string text)
    {
        KubernetesQuantity.MilliText(milli).Should().Be(text);
        KubernetesQuantity.ParseMilli(text).Should().Be(milli);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1000, "1000")]
    [InlineData(1024, "1Ki")]
    [InlineData(1536L << 20, "1536Mi")]
    [InlineData(16L << 30, "16Gi")]
    [InlineData((16L << 30) + 1024, "16777217Ki")]
    [InlineData(3L << 40, "3Ti")]
    public void Bytes_print_with_the_largest_exact_binary_suffix_and_parse_back(long bytes, string text)
    {
        KubernetesQuantity.BinaryText(bytes).Should().Be(text);
        KubernetesQuantity.ParseWhole(text).Should().Be(bytes);
    }
}
