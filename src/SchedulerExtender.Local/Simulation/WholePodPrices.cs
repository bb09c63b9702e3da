using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// The lower bound with whole pods (Simulation/README.md, "Lower bound"): prices y per pod shape
/// are valid when no node option can hold a set of whole pods worth more than its cost per hour,
/// i.e. K(y) = max Σ count × y over the sets that fit ≤ cost. Then every node of every schedule
/// costs at least what its pods are worth, so Σ pod-hours × y is a floor (weak duality of the
/// configuration LP). Any y can be made valid by scaling it by min cost / K(y); the bound searches
/// for the y that scales to the highest floor, starting from the fractional bound's prices.
/// K is computed as an upper bound (so the scale is never too high): shapes of which at most
/// <see cref="WholeCount"/> fit are counted in whole pods, the smaller ones fractionally.
/// </summary>
internal sealed class WholePodPrices
{
    /// <summary>Shapes of which at most this many fit on a node are enumerated as whole pods.</summary>
    private const int WholeCount = 8;

    /// <summary>Beyond this many sets of whole pods a node is counted fractionally (looser, still valid).</summary>
    private const int MaxSets = 20_000;

    private readonly LowerBound.PodShape[] shapes;
    private readonly double[] hours;
    private readonly Node[] nodes;

    /// <summary>Shapes that fit some node: the others cannot run, are worth nothing and stay at price 0.</summary>
    private readonly bool[] runnable;

    public WholePodPrices(LowerBound.PodShape[] shapes, double[] hours, IReadOnlyList<LowerBound.NodeOption> options)
    {
        this.shapes = shapes;
        this.hours = hours;
        nodes = [.. options
            .GroupBy(o => (o.CapacityType, o.MilliCpu, o.MemoryMiB, o.Pods))
            .Select(g => g.MinBy(o => o.CostPerHour))
            .Select(o => new Node(o, shapes))
            .Where(n => n.Fits.Length > 0)];
        runnable = new bool[shapes.Length];
        foreach (var s in nodes.SelectMany(n => n.Fits))
        {
            runnable[s] = true;
        }
    }

    /// <summary>The highest floor found from <paramref name="start"/> by coordinate search over the prices.</summary>
    public double Bound(double[] start)
    {
        var y = start.Select((price, s) => runnable[s] ? price : 0).ToArray();
        var best = Value(y);
        for (var step = 0.5; step >= 0.002; step /= 2)
        {
            var improved = true;
            for (var round = 0; improved && round < 20; round++)
            {
                improved = false;
                for (var s = 0; s < y.Length; s++)
                {
                    if (!runnable[s])
                    {
                        continue;
                    }

                    foreach (var factor in (double[])[1 + step, 1 - step])
                    {
                        var old = y[s];
                        y[s] = old > 0 ? old * factor : step;
                        var value = Value(y);
                        if (value > best * (1 + 1e-9))
                        {
                            best = value;
                            improved = true;
                        }
                        else
                        {
                            y[s] = old;
                        }
                    }
                }
            }
        }

        return best;
    }

    /// <summary>Σ pod-hours × y scaled so that no node is worth more than it costs.</summary>
    private double Value(double[] y)
    {
        var scale = double.PositiveInfinity;
        // Nodes by their fractional scale (a lower estimate of cost / K); stop once it cannot beat the best.
        var ranked = new List<(double Frac, Node Node)>(nodes.Length);
        foreach (var node in nodes)
        {
            var frac = node.FractionalValue(y, node.MilliCpu, node.MemoryMiB, node.Fits);
            if (frac > 0)
            {
                ranked.Add((node.Cost / frac, node));
            }
        }

        ranked.Sort((a, b) => a.Frac.CompareTo(b.Frac));
        foreach (var (frac, node) in ranked)
        {
            if (frac >= scale)
            {
                break;
            }

            scale = Math.Min(scale, node.Cost / node.WholeValue(y));
        }

        if (double.IsPositiveInfinity(scale))
        {
            return 0;
        }

        var total = 0d;
        for (var s = 0; s < y.Length; s++)
        {
            total += hours[s] * y[s] * scale;
        }

        return total;
    }

    private sealed class Node
    {
        private readonly int[] whole;
        private readonly int[] fractional;
        private readonly List<(int[] Counts, long MilliCpu, double MemoryMiB)> sets = [];

        public Node(LowerBound.NodeOption option, LowerBound.PodShape[] shapes)
        {
            Cost = option.CostPerHour;
            MilliCpu = option.MilliCpu;
            MemoryMiB = option.MemoryMiB;
            Shapes = shapes;
            Fits = [.. Enumerable.Range(0, shapes.Length).Where(s =>
                (shapes[s].MilliCpu > 0 || shapes[s].MemoryMiB > 0)
                && (!shapes[s].Driver || option.CapacityType == CapacityType.OnDemand)
                && shapes[s].MilliCpu <= MilliCpu && shapes[s].MemoryMiB <= MemoryMiB)];
            whole = [.. Fits.Where(s => MaxCopies(shapes[s], MilliCpu, MemoryMiB, option.Pods) <= WholeCount)];
            fractional = [.. Fits.Except(whole)];
            Enumerate(new int[shapes.Length], 0, MilliCpu, MemoryMiB, option.Pods);
            if (sets.Count > MaxSets)
            {
                // Too many sets: count every shape fractionally (a looser K, so still a valid floor).
                sets.Clear();
                sets.Add((new int[shapes.Length], MilliCpu, MemoryMiB));
                fractional = Fits;
            }
        }

        public double Cost { get; }

        public long MilliCpu { get; }

        public double MemoryMiB { get; }

        public LowerBound.PodShape[] Shapes { get; }

        public int[] Fits { get; }

        /// <summary>An upper bound of the most the node's whole pods can be worth at prices y.</summary>
        public double WholeValue(double[] y)
        {
            var best = 0d;
            foreach (var (counts, cpu, memory) in sets)
            {
                var value = 0d;
                foreach (var s in whole)
                {
                    value += counts[s] * y[s];
                }

                best = Math.Max(best, value + FractionalValue(y, cpu, memory, fractional));
            }

            return best;
        }

        /// <summary>
        /// The most fractional pods of <paramref name="allowed"/> shapes can be worth in that room
        /// (a linear programme with two constraints: its optimum uses one shape or two).
        /// </summary>
        public double FractionalValue(double[] y, double milliCpu, double memoryMiB, int[] allowed)
        {
            var best = 0d;
            for (var i = 0; i < allowed.Length; i++)
            {
                var a = Shapes[allowed[i]];
                var ya = y[allowed[i]];
                best = Math.Max(best, ya * Math.Min(milliCpu / a.MilliCpu, memoryMiB / a.MemoryMiB));
                for (var j = i + 1; j < allowed.Length; j++)
                {
                    var b = Shapes[allowed[j]];
                    // Both limits tight: xa·cpu_a + xb·cpu_b = C, xa·mem_a + xb·mem_b = M.
                    var det = ((double)a.MilliCpu * b.MemoryMiB) - ((double)b.MilliCpu * a.MemoryMiB);
                    if (Math.Abs(det) < 1e-9)
                    {
                        continue;
                    }

                    var xa = ((milliCpu * b.MemoryMiB) - (b.MilliCpu * memoryMiB)) / det;
                    var xb = ((a.MilliCpu * memoryMiB) - (milliCpu * a.MemoryMiB)) / det;
                    if (xa >= 0 && xb >= 0)
                    {
                        best = Math.Max(best, (xa * ya) + (xb * y[allowed[j]]));
                    }
                }
            }

            return best;
        }

        private static long MaxCopies(LowerBound.PodShape shape, long milliCpu, double memoryMiB, long pods) =>
            Math.Min(pods, Math.Min(
                shape.MilliCpu > 0 ? milliCpu / shape.MilliCpu : long.MaxValue,
                shape.MemoryMiB > 0 ? (long)(memoryMiB / shape.MemoryMiB) : long.MaxValue));

        private void Enumerate(int[] counts, int index, long milliCpu, double memoryMiB, long pods)
        {
            if (sets.Count > MaxSets)
            {
                return;
            }

            if (index == whole.Length)
            {
                sets.Add(((int[])counts.Clone(), milliCpu, memoryMiB));
                return;
            }

            var s = whole[index];
            var shape = Shapes[s];
            for (var n = 0; n * shape.MilliCpu <= milliCpu && n * shape.MemoryMiB <= memoryMiB && n <= pods; n++)
            {
                counts[s] = n;
                Enumerate(counts, index + 1, milliCpu - (n * shape.MilliCpu), memoryMiB - (n * shape.MemoryMiB), pods - n);
            }

            counts[s] = 0;
        }
    }
}
