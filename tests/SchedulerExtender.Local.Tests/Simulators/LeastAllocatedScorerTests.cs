using SchedulerExtender.Local.Simulators.Scheduling;
using static SchedulerExtender.Local.Tests.Simulators.SchedulingFixtures;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class LeastAllocatedScorerTests
{
    [Theory]
    // (4000-1000)*100/4000 = 75 cpu; (8192-1024)*100/8192 = 87 memory; (75+87)/2 = 81
    [InlineData(1000, 1024, 0, 0, 81)]
    [InlineData(4000, 8192, 0, 0, 0)]
    [InlineData(2000, 4096, 2000, 4096, 0)]
    [InlineData(1000, 1024, 2000, 0, 56)] // cpu (4000-3000)*100/4000 = 25, memory 87
    // A pod without requests scores as 100m / 200 MiB: cpu 97, memory 97 → 97
    [InlineData(0, 0, 0, 0, 97)]
    public void Scores_the_free_share_of_cpu_and_memory(long cpu, long memMiB, long usedCpu, long usedMemMiB, long expected)
    {
        var node = Node(usedMilliCpu: usedCpu, usedMemMiB: usedMemMiB);

        LeastAllocatedScorer.Score(Pod(cpu, memMiB), node).Should().Be(expected);
    }

    [Fact]
    public void An_emptier_node_scores_higher()
    {
        var busy = Node("busy", usedMilliCpu: 3000, usedMemMiB: 6000);
        var empty = Node("empty");

        LeastAllocatedScorer.Score(Pod(), empty).Should().BeGreaterThan(LeastAllocatedScorer.Score(Pod(), busy));
    }
}
