// Benchmarks are added per issue (webhook, extender, solver, simulator); each prints figures and ratios.
if (args is ["extender", .. var extenderArgs])
{
    return await SchedulerExtender.Bench.Extender.ExtenderBenchmark.RunAsync(extenderArgs);
}

Console.Error.WriteLine("usage: SchedulerExtender.Bench <webhook|extender>");
return 2;
