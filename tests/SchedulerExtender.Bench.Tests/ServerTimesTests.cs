using SchedulerExtender.Bench.Extender;

namespace SchedulerExtender.Bench.Tests;

public sealed class ServerTimesTests
{
    private const string Before = """
        # HELP schedext_extender_request_duration_seconds Time to answer one kube-scheduler extender call, parse to last byte.
        # TYPE schedext_extender_request_duration_seconds histogram
        schedext_extender_request_duration_seconds_sum{verb="filter"} 1.5
        schedext_extender_request_duration_seconds_count{verb="filter"} 1000
        schedext_extender_request_duration_seconds_bucket{verb="filter",le="0.0001"} 0
        schedext_extender_request_duration_seconds_sum{verb="prioritize"} 0.25
        schedext_extender_request_duration_seconds_count{verb="prioritize"} 100
        schedext_extender_nodes_considered_sum{verb="filter"} 5000000
        """;

    [Fact]
    public void The_mean_per_call_is_the_growth_of_the_sum_over_the_growth_of_the_count()
    {
        var before = ServerTimes.Parse(Before);
        var after = ServerTimes.Parse(Before
            .Replace("""_sum{verb="filter"} 1.5""", """_sum{verb="filter"} 2.25""", StringComparison.Ordinal)
            .Replace("""_count{verb="filter"} 1000""", """_count{verb="filter"} 1500""", StringComparison.Ordinal)
            + "\nschedext_extender_request_duration_seconds_sum{verb=\"preempt\"} 0.002\nschedext_extender_request_duration_seconds_count{verb=\"preempt\"} 2\n");

        after.MeanMsSince(before, "filter").Should().BeApproximately(1.5, 1e-9, "0.75 s over 500 calls");
        after.MeanMsSince(before, "prioritize").Should().BeNull("no call in between");
        after.MeanMsSince(before, "preempt").Should().BeApproximately(1.0, 1e-9, "a verb first seen afterwards counts from zero");
        after.MeanMsSince(before, "floor").Should().BeNull("not an extender verb");
    }
}
