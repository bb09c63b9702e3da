using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The hidden <c>extender-server NODES</c> sub-command: the child process that
/// <see cref="BenchServerProcess"/> starts. It builds the same seeded <see cref="BenchCluster"/> as
/// the benchmark (same nodes, same names), starts <see cref="BenchServer"/> (the real application and
/// the floor endpoint), prints one ready line and serves until its standard input closes — the
/// parent closes it when it is done, and the pipe also closes if the parent dies — or until SIGTERM
/// or SIGINT; then it stops the server and removes its certificate folder.
/// </summary>
internal static class BenchServerCommand
{
    public const string Name = "extender-server";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) || nodes <= 0)
        {
            await Console.Error.WriteLineAsync($"usage: SchedulerExtender.Bench {Name} NODES (started by the extender benchmark, stops when its standard input closes)");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        // Handled rather than left to the runtime's default, so that the server is disposed as on a closed stdin.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var cluster = new BenchCluster(nodes);
        await using var server = await BenchServer.StartAsync(cluster);
        Console.WriteLine(BenchServerProcess.ReadyLine(server.Address, server.MetricsAddress, server.CertificateThumbprint, GcMode(), Environment.ProcessorCount));
        try
        {
            await ReadToEndAsync(Console.OpenStandardInput()).WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A signal: stop as on a closed stdin.
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>"workstation-concurrent", "server-non-concurrent", …: the GC the server actually runs with.</summary>
    internal static string GcMode() =>
        (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "-non-concurrent" : "-concurrent");

    private static async Task ReadToEndAsync(Stream input)
    {
        await using (input)
        {
            var buffer = new byte[256];
            while (await input.ReadAsync(buffer) > 0)
            {
            }
        }
    }
}
