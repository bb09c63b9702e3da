// Benchmarks are added per issue (webhook, extender, solver, simulator); each prints figures and ratios.
Console.Error.WriteLine("usage: SchedulerExtender.Bench <webhook>");
return 2;
