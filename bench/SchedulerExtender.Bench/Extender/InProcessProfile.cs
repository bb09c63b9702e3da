using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SchedulerExtender.Bench.Results;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The handler alone, called in-process on one thread: how much of a call is the extender's own
/// work, without HTTPS and without the client. Besides wall time it measures the calling thread's
/// CPU time per call (CLOCK_THREAD_CPUTIME_ID), allocations and collections: on a machine shared
/// with other work, wall-clock percentiles measure the neighbours, CPU time and allocations do not.
/// </summary>
internal static class InProcessProfile
{
    public static List<BenchmarkCase> Run(BenchCluster cluster, string mode, byte[] body)
    {
        var handler = new ExtenderHandler(new ExtenderOptions(), new PlacementOptions(), new NoNamespaceAnnotations(), cluster, cluster.Nodes, cluster.Usage, new ExplainLog(32),
            new ExtenderMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger<ExtenderHandler>.Instance);
        // The same selection the handler parses with, so "parse" is the handler's parse.
        var selection = NodeFieldSelection.ReadBy(SpotNodeRule.Default);
        var cases = new List<BenchmarkCase>();
        foreach (var (name, verb) in new (string, Action<PooledBufferWriter>)[]
        {
            ("floor", output => FloorEndpoint.PassEverything(body, output)),
            ("parse", _ => ExtenderArgsParser.Parse(body, selection).Dispose()),
            ("lookup", _ => Lookup(body, selection, cluster.Nodes)), // names mode only (below)
            ("filter", output => Check(handler.Filter(body, output))),
            ("prioritize", output => Check(handler.Prioritize(body, output))),
        })
        {
            if (name == "lookup" && mode != "names")
            {
                continue;
            }

            for (var i = 0; i < 50; i++)
            {
                using var warm = new PooledBufferWriter(body.Length);
                verb(warm);
            }

            GC.Collect();
            var wall = new List<double>();
            var cpu = new List<double>();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < 1 || wall.Count < 20)
            {
                using var output = new PooledBufferWriter(body.Length);
                var cpuStarted = ThreadCpuMilliseconds();
                var started = Stopwatch.GetTimestamp();
                verb(output);
                wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                cpu.Add(ThreadCpuMilliseconds() - cpuStarted);
            }

            var calls = wall.Count;
            var allocatedPerCall = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)calls;
            var gcPer100 = (
                (GC.CollectionCount(0) - gcBefore.Item1) * 100.0 / calls,
                (GC.CollectionCount(1) - gcBefore.Item2) * 100.0 / calls,
                (GC.CollectionCount(2) - gcBefore.Item3) * 100.0 / calls);
            wall.Sort();
            cpu.Sort();
            var (cpuP50, cpuP99) = (Percentile(cpu, 0.50), Percentile(cpu, 0.99));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  in-process {mode,-5} {cluster.Names.Count,6} {name,-10} wall p50 {Percentile(wall, 0.5),8:0.000} p99 {Percentile(wall, 0.99),8:0.000} ms  cpu p50 {cpuP50,8:0.000} p99 {cpuP99,8:0.000} ms  alloc {allocatedPerCall / 1024.0,7:0.0} KiB  gc0/1/2 per 100 calls {gcPer100.Item1:0.#}/{gcPer100.Item2:0.#}/{gcPer100.Item3:0.#}  load {LoadAverage.Now()}"));
            cases.Add(BenchmarkCase.Of("in-process, " + ExtenderBenchmark.CaseName(mode, cluster.Names.Count, name),
                ("cpuP50Ms", cpuP50), ("cpuP99Ms", cpuP99), ("allocKiB", allocatedPerCall / 1024.0)));
        }

        return cases;
    }

    /// <summary>Parse, then find every named node in the node cache: the part of a NodeNames call before filtering or scoring.</summary>
    private static void Lookup(byte[] body, NodeFieldSelection selection, INodeSource nodes)
    {
        using var args = ExtenderArgsParser.Parse(body, selection);
        var found = ArrayPool<CachedNode?>.Shared.Rent(args.NodeNames.Count);
        nodes.FindAllUtf8(args.NodeNames.AllUtf8, args.NodeNames.Ends, found.AsSpan(0, args.NodeNames.Count));
        var missing = Array.IndexOf(found, null, 0, args.NodeNames.Count);
        ArrayPool<CachedNode?>.Shared.Return(found, clearArray: true);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"{args.NodeNames[missing]} is not in the benchmark's node cache");
        }
    }

    private static void Check(ExtenderReply reply)
    {
        if (reply.Error is not null)
        {
            throw new InvalidOperationException($"handler answered {reply.StatusCode}: {reply.Error}");
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private const int ClockThreadCpuTimeId = 3;

    private static double ThreadCpuMilliseconds()
    {
        return clock_gettime(ClockThreadCpuTimeId, out var time) == 0 ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6) : double.NaN;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
