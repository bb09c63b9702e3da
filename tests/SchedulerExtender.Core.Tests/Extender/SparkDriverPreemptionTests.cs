using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Core.Tests.Extender;

public sealed class SparkDriverPreemptionTests
{
    /// <summary>
    /// Candidates as <c>node:driver,driver</c> separated by spaces (<c>node:</c> = no driver among
    /// its victims); expected = the nodes taken out, in candidate order.
    /// </summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "no candidates", "", "" },
        { "no drivers anywhere", "a: b: c:", "" },
        { "one driver-free candidate is enough", "a:spark/etl-driver b:", "a" },
        { "every node with a driver goes", "a:spark/x b: c:spark/y,spark/z d:", "a c" },
        { "every candidate evicts a driver: all stay", "a:spark/x b:spark/y", "" },
        { "a single candidate with a driver stays", "a:spark/x", "" },
        { "a single driver-free candidate stays", "a:", "" },
        { "order does not matter", "b: a:spark/x", "a" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Takes_out_the_nodes_of_drivers_only_when_another_candidate_spares_them(string because, string candidates, string removed)
    {
        var rejections = SparkDriverPreemption.Spare(Parse(candidates));

        rejections.Select(r => r.Node).Should().Equal(Split(removed), because);
        rejections.Select(r => r.Failure).Should().AllBeEquivalentTo(FilterFailure.EvictsSparkDriver);
    }

    [Fact]
    public void The_reason_names_the_drivers_a_person_would_look_for()
    {
        var rejection = SparkDriverPreemption.Spare(Parse("a:spark/etl-driver b:")).Single();

        rejection.Message.Should().Be(
            "preemption here would evict the running Spark driver spark/etl-driver, ending the whole application; another candidate evicts no Spark driver");
    }

    [Fact]
    public void Many_drivers_on_one_node_are_named_up_to_a_few_and_counted_beyond()
    {
        var rejection = SparkDriverPreemption.Spare(Parse("a:ns/d1,ns/d2,ns/d3,ns/d4,ns/d5 b:")).Single();

        rejection.Message.Should().StartWith("preemption here would evict the running Spark drivers ns/d1, ns/d2, ns/d3 and 2 more,");
        rejection.Message.Should().NotContain("ns/d4");
    }

    private static List<PreemptionCandidateDrivers> Parse(string candidates) =>
        [.. Split(candidates).Select(c => c.Split(':')).Select(p => new PreemptionCandidateDrivers(p[0], Split(p[1], ',')))];

    private static string[] Split(string text, char separator = ' ') => text.Split(separator, StringSplitOptions.RemoveEmptyEntries);
}
