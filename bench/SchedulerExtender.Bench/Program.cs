using SchedulerExtender.Bench.Extender;
using SchedulerExtender.Bench.Results;
using SchedulerExtender.Bench.Simulation;
using SchedulerExtender.Bench.Solver;
using SchedulerExtender.Bench.Webhook;

// Benchmarks print figures and ratios; none of them is a test.
// Usage: SchedulerExtender.Bench webhook|extender|solver|sim [ARGS] [--parts DIR]
//        SchedulerExtender.Bench report --parts DIR --out FILE [--markdown FILE]
// With --parts, a benchmark also leaves its figures as DIR/NAME.json; `report` assembles them
// into results.json (bench/README.md documents the schema) and prints the Markdown tables.
var (rest, parts) = TakeOption(args.Skip(1).ToArray(), "--parts");
return args.FirstOrDefault() switch
{
    "webhook" => await BenchmarkRun.RunAsync(BenchmarkDefinition.Webhook, parts, async () => await WebhookBenchmark.RunAsync()),
    "extender" => await BenchmarkRun.RunAsync(BenchmarkDefinition.Extender, parts, async () => await ExtenderBenchmark.RunAsync(rest)),
    "solver" => await BenchmarkRun.RunAsync(BenchmarkDefinition.Solver, parts, () => Task.FromResult(SolverBenchmark.Run(rest))),
    "sim" => await BenchmarkRun.RunAsync(BenchmarkDefinition.Simulator, parts, () => Task.FromResult(SimulationBenchmark.Run(rest))),
    "report" => ReportCommand.Run(args[1..]),
    // Hidden: the extender benchmark's server, which the benchmark starts as a child process.
    BenchServerCommand.Name => await BenchServerCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static (string[] Others, string? Value) TakeOption(string[] arguments, string name)
{
    var i = Array.IndexOf(arguments, name);
    return i >= 0 && i + 1 < arguments.Length ? ([.. arguments[..i], .. arguments[(i + 2)..]], arguments[i + 1]) : (arguments, null);
}

static int Usage()
{
    Console.Error.WriteLine("usage: SchedulerExtender.Bench webhook|extender|solver|sim [ARGS] [--parts DIR] | report --parts DIR --out FILE [--markdown FILE]");
    return 2;
}
