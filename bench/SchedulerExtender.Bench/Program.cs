using SchedulerExtender.Bench.Extender;
using SchedulerExtender.Bench.Simulation;
using SchedulerExtender.Bench.Solver;
using SchedulerExtender.Bench.Webhook;

// Benchmarks print figures and ratios; none of them is a test. Usage: SchedulerExtender.Bench <name>
return args.FirstOrDefault() switch
{
    "webhook" => await WebhookBenchmark.RunAsync(),
    "solver" => SolverBenchmark.Run(args[1..]),
    "extender" => await ExtenderBenchmark.RunAsync(args[1..]),
    "sim" => SimulationBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SchedulerExtender.Bench webhook|extender|solver|sim");
    return 2;
}
