using SchedulerExtender.Host.Cli;

return await SchedextCommand.Create().Parse(args).InvokeAsync();
