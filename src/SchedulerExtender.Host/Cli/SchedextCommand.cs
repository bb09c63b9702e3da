using System.CommandLine;

namespace SchedulerExtender.Host.Cli;

/// <summary>The <c>schedext</c> root command and its subcommands.</summary>
public static class SchedextCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("SchedulerExtender: Spark on Kubernetes on Alibaba Cloud spot capacity — admission webhook, scheduler extender, provisioner.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(EcsEmulatorCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(MigrateFromKarpenterCommand.Create());
        return root;
    }
}
