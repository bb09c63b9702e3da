using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Tests;

public sealed class AimTests
{
    [Theory]
    [InlineData(">=", 0.8, 0.8, true, 1.0)]
    [InlineData(">=", 0.79, 0.8, false, 0.9875)]
    [InlineData("<=", 50, 50, true, 1.0)]
    [InlineData("<=", 117.7, 50, false, 2.354)]
    [InlineData("<", 5, 5, false, 1.0)]
    [InlineData("<", 3.2, 5, true, 0.64)]
    [InlineData(">", 2, 1, true, 2.0)]
    public void An_aim_is_met_by_its_comparison_and_its_ratio_is_value_over_target(string comparison, double value, double target, bool met, double ratio)
    {
        var aim = new Aim(3, "p99", value, comparison, target, "ms");

        aim.Met.Should().Be(met);
        aim.Ratio.Should().BeApproximately(ratio, 1e-9);
    }

    [Fact]
    public void A_zero_target_has_no_ratio_but_a_verdict()
    {
        Aim.AtMost(7, "nodes left", 0, 0, "").Should().Match<Aim>(a => a.Met && a.Ratio == null);
        Aim.AtMost(7, "nodes left", 2, 0, "").Met.Should().BeFalse();
    }

    [Fact]
    public void An_unknown_comparison_is_an_error_not_a_verdict()
    {
        var verdict = () => new Aim(2, "x", 1, "=>", 1, "ms").Met;

        verdict.Should().Throw<InvalidOperationException>().WithMessage("*'=>'*");
    }
}
