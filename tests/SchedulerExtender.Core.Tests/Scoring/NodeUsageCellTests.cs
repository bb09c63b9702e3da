using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Testing.Scoring;

namespace SchedulerExtender.Core.Tests.Scoring;

public sealed class NodeUsageCellTests
{
    private const string Type = "ecs.g7.xlarge";
    private static readonly ResourceAmounts OneCpu = TestNodes.Resources(1, 1);

    [Fact]
    public void A_cached_node_reads_its_cell_and_asks_again_only_once_the_cell_is_retired_or_another_sources()
    {
        var usage = new CellUsage();
        var node = new CachedNode(TestNodes.Spot("n", Type, cpu: 4, memGiB: 16), SpotNodeRule.Default);
        var prices = new TablePriceSource().With(Type, TestNodes.Zone, CapacityType.Spot, 0.1);
        var scorer = new NodeScorer(new ScoringOptions(0, 1, 0), SpotNodeRule.Default);
        int Fit(INodeUsage source)
        {
            var scores = new int[1];
            scorer.Score(OneCpu, new CachedNode?[] { node }, prices, source, scores);
            return scores[0];
        }

        usage.Set("n", TestNodes.Resources(1, 4));
        Fit(usage).Should().Be(5, "2 of 4 CPUs after the pod");
        usage.CellsMade.Should().Be(1);

        usage.Set("n", TestNodes.Resources(3, 4));
        Fit(usage).Should().Be(10, "the kept cell shows the new usage");
        usage.CellsMade.Should().Be(1, "no lookup while the cell is current");

        usage.RetireAll();
        usage.Set("n", TestNodes.Resources(2, 4));
        Fit(usage).Should().Be(8, "3 of 4 CPUs, from a new cell");
        usage.CellsMade.Should().Be(2);

        var other = new CellUsage();
        other.Set("n", TestNodes.Resources(0, 0));
        Fit(other).Should().Be(3, "another source's usage, not the kept cell's: 1 of 4 CPUs, memory 1 of 16 GiB");
        Fit(new InMemoryNodeCache()).Should().Be(3, "a source without cells is asked by name: unknown usage fits against allocatable");
    }

    /// <summary>A usage source that keeps cells, counting the ones it makes.</summary>
    private sealed class CellUsage : INodeUsage
    {
        private readonly Dictionary<string, NodeUsageCell> cells = [];

        public int CellsMade { get; private set; }

        public void Set(string node, ResourceAmounts requested)
        {
            if (cells.TryGetValue(node, out var cell))
            {
                cell.Requested = requested;
            }
            else
            {
                cells[node] = new NodeUsageCell(this, requested);
            }
        }

        public void RetireAll()
        {
            foreach (var cell in cells.Values)
            {
                cell.Retire();
            }

            cells.Clear();
        }

        public ResourceAmounts? Requested(string nodeName) => cells.TryGetValue(nodeName, out var cell) ? cell.Requested : null;

        public NodeUsageCell? CellOf(string nodeName)
        {
            if (!cells.TryGetValue(nodeName, out var cell))
            {
                return null;
            }

            CellsMade++;
            return cell;
        }
    }
}
