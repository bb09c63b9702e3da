using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>The handler alone, called in-process: how much of a call is the extender's own work, without HTTPS.</summary>
internal static class InProcessProfile
{
    public static void Run(BenchCluster cluster, string mode, byte[] body)
    {
        var handler = new ExtenderHandler(new ExtenderOptions(), new PlacementOptions(), new NoNamespaceAnnotations(), cluster, cluster, cluster, new ExplainLog(32),
            new ExtenderMetrics(Metrics.NewCustomRegistry()), TimeProvider.System, NullLogger<ExtenderHandler>.Instance);
        foreach (var (name, verb) in new (string, Func<PooledBufferWriter, ExtenderReply>)[]
        {
            ("parse", _ => { ExtenderArgsParser.Parse(body); return ExtenderReply.Ok; }),
            ("filter", output => handler.Filter(body, output)),
            ("prioritize", output => handler.Prioritize(body, output)),
        })
        {
            for (var i = 0; i < 50; i++)
            {
                using var warm = new PooledBufferWriter(body.Length);
                verb(warm);
            }

            var times = new List<double>();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < 1 || times.Count < 20)
            {
                using var output = new PooledBufferWriter(body.Length);
                var started = Stopwatch.GetTimestamp();
                verb(output);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / times.Count;
            var allocatedPerCall = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / times.Count;
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  in-process {mode,-5} {cluster.Names.Count,6} {name,-10} p50 {times[times.Count / 2],8:0.000} ms  p99 {times[(int)(times.Count * 0.99)],8:0.000} ms  cpu {cpuPerCall,8:0.000} ms  alloc {allocatedPerCall / 1024.0,9:0} KiB"));
        }
    }
}
