using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Tests;

public sealed class CapacityTypesTests
{
    [Theory]
    [InlineData("spot", CapacityType.Spot)]
    [InlineData("on-demand", CapacityType.OnDemand)]
    public void Label_values_round_trip(string label, CapacityType expected)
    {
        CapacityTypes.FromLabelValue(label).Should().Be(expected);
        expected.ToLabelValue().Should().Be(label);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Spot")]
    [InlineData("preemptible")]
    public void Unknown_label_values_are_null(string? label) =>
        CapacityTypes.FromLabelValue(label).Should().BeNull();
}
