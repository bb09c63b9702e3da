using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Tests;

/// <summary>Figures shaped like each benchmark's, chosen by hand: one aim met and one missed per benchmark where it has two.</summary>
internal static class SampleResults
{
    public static readonly DateTimeOffset Started = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    public static MachineInfo Machine { get; } = new(2, 25_276_514_304, "Intel(R) Xeon(R) Processor", "Debian GNU/Linux 12 (bookworm)", "Linux 6.1.0-28-amd64", "10.0.12", [3.5, 2.25, 1.0]);

    public static BenchmarkResult Webhook { get; } = Result(BenchmarkDefinition.Webhook, new BenchmarkFigures(
        [
            BenchmarkCase.Of("floor (parse only)", ("maxRequestsPerSecond", 8313), ("halfRateP99Ms", 2.8), ("errors", 0), ("vsFloor", 1)),
            BenchmarkCase.Of("/mutate", ("maxRequestsPerSecond", 8315), ("halfRateP99Ms", 3.2), ("errors", 0), ("vsFloor", 8315.0 / 8313)),
        ],
        [
            Aim.AtLeast(2, "/mutate throughput vs the parse-only floor's", 8315.0 / 8313, 0.8, Aim.RatioUnit),
            Aim.Below(2, "/mutate p99 at half of its maximum rate", 3.2, 5, "ms"),
        ],
        "hey over loopback HTTPS"));

    public static BenchmarkResult Extender { get; } = Result(BenchmarkDefinition.Extender, new BenchmarkFigures(
        [
            BenchmarkCase.Of("NodeNames, 5,000 nodes, floor", ("p99Ms", 3.82), ("callsPerSecond", 917), ("vsFloor", 1)),
            BenchmarkCase.Of("NodeNames, 5,000 nodes, filter", ("p99Ms", 7.16), ("callsPerSecond", 394), ("vsFloor", 0.43)),
        ],
        [Aim.AtMost(3, "NodeNames filter at 5,000 nodes, p99 per call", 7.16, 2, "ms")],
        "one keep-alive client"));

    public static BenchmarkResult Solver { get; } = Result(BenchmarkDefinition.Solver, new BenchmarkFigures(
        [BenchmarkCase.Of("5,000 pods, 418 cn-shenzhen types", ("medianMs", 74.4), ("podsPerSecond", 67_204))],
        [Aim.AtLeast(5, "solver throughput", 67_204, 5_000, "pods/s")],
        "in-process"));

    public static BenchmarkResult Simulator { get; } = Result(BenchmarkDefinition.Simulator, new BenchmarkFigures(
        [
            BenchmarkCase.Of("all strategies", ("wallSeconds", 25.3), ("applications", 2_000)),
            BenchmarkCase.Of("this", ("costCny", 812.5), ("cpuUtilizationRatio", 0.71)),
        ],
        [
            Aim.AtMost(7, "24 simulated hours, 2,000 applications: wall clock", 25.3, 60, "s"),
            Aim.AtMost(7, "this: unfinished jobs, drivers on spot, orphans and nodes left", 0, 0, ""),
        ],
        "virtual clock"));

    public static IReadOnlyList<BenchmarkResult> All => [Webhook, Extender, Solver, Simulator];

    public static BenchmarkReport Report(IEnumerable<BenchmarkResult> parts) =>
        BenchmarkReport.Assemble(parts, Started.AddMinutes(6), "421acadb27fccbb3df01b487762a8868b8b3e147", gitDirty: false, Machine);

    private static BenchmarkResult Result(BenchmarkDefinition definition, BenchmarkFigures figures) =>
        BenchmarkResult.From(definition, Started, TimeSpan.FromSeconds(42.5), [4.0, 3.0, 2.0], [4.5, 3.1, 2.0], figures);
}
