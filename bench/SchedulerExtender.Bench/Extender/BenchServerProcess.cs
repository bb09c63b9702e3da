using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The extender benchmark's server in a child process: this bench executable again, with the hidden
/// <c>extender-server NODES</c> sub-command (<see cref="BenchServerCommand"/>). kube-scheduler calls
/// the extender from another process, so the benchmark's client and the server must not share one
/// .NET heap: in one process, every collection of the client pauses the server and the other way round,
/// and the server would run with the client's GC settings. Disposing closes the child's standard
/// input, which stops it; if it does not stop in time it is killed.
/// </summary>
public sealed class BenchServerProcess : IAsyncDisposable
{
    /// <summary>Environment variable: a CPU list (<c>taskset -c</c> syntax, e.g. <c>1</c>) to pin the server to.</summary>
    public const string CpusVariable = "BENCH_SERVER_CPUS";

    /// <summary>Environment variable: the processor count the server's runtime sees (<c>DOTNET_PROCESSOR_COUNT</c>), as a container CPU limit would set it.</summary>
    public const string ProcessorCountVariable = "BENCH_SERVER_PROCESSOR_COUNT";

    private const string ReadyPrefix = BenchServerCommand.Name + " ready ";
    private const int MaxErrorChars = 8_000;

    private readonly Process process;
    private readonly StringBuilder errors;

    private BenchServerProcess(Process process, StringBuilder errors, Uri address, Uri metricsAddress, string thumbprint, string gcMode, int cores)
    {
        this.process = process;
        this.errors = errors;
        Address = address;
        MetricsAddress = metricsAddress;
        CertificateThumbprint = thumbprint;
        GcMode = gcMode;
        Cores = cores;
    }

    /// <summary>The server's HTTPS address on 127.0.0.1.</summary>
    public Uri Address { get; }

    /// <summary>The server's plain-HTTP address, whose <c>/metrics</c> has the extender's own request durations.</summary>
    public Uri MetricsAddress { get; }

    /// <summary>SHA-1 thumbprint of the server's throw-away certificate: the only one a client should trust.</summary>
    public string CertificateThumbprint { get; }

    /// <summary>The GC the child reports it runs with, e.g. <c>workstation-concurrent</c>.</summary>
    public string GcMode { get; }

    /// <summary>Processors the child sees (1 when pinned to one CPU).</summary>
    public int Cores { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Starts the child with <paramref name="nodes"/> benchmark nodes and waits for its ready line.
    /// <paramref name="cpus"/>: a CPU list to pin it to with <c>taskset -c</c>, or null for none.
    /// </summary>
    public static async Task<BenchServerProcess> StartAsync(int nodes, string? cpus, TimeSpan timeout)
    {
        var start = StartInfo(nodes, cpus);
        var errors = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (!ready.Task.IsCompleted && e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data[ReadyPrefix.Length..]);
            }
            else
            {
                // The server's own log (warnings and above): shown, never mistaken for figures.
                Console.Error.WriteLine($"  [{BenchServerCommand.Name}] {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (errors)
            {
                if (errors.Length < MaxErrorChars)
                {
                    errors.AppendLine(e.Data);
                }
            }

            if (ready.Task.IsCompleted)
            {
                Console.Error.WriteLine($"  [{BenchServerCommand.Name}] {e.Data}");
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {CommandLine(start)}");
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout));
            if (first != ready.Task)
            {
                var what = first == exited ? $"exited with code {process.ExitCode}" : $"printed no ready line within {timeout.TotalSeconds:0} s";
                await StopAsync(process, TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"the extender benchmark's server ({CommandLine(start)}) {what}; its stderr: {Text(errors).Trim()}");
            }

            var fields = ready.Task.Result.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            return new BenchServerProcess(process, errors, new Uri(fields["address"]), new Uri(fields["metrics"]), fields["thumbprint"], fields["gc"],
                int.Parse(fields["cores"], CultureInfo.InvariantCulture));
        }
        catch
        {
            await StopAsync(process, TimeSpan.FromSeconds(5));
            process.Dispose();
            throw;
        }
    }

    /// <summary>What the child prints once it serves; <see cref="StartAsync"/> reads it.</summary>
    internal static string ReadyLine(Uri address, Uri metricsAddress, string thumbprint, string gcMode, int cores) =>
        string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}address={address} metrics={metricsAddress} thumbprint={thumbprint} gc={gcMode} cores={cores}");

    /// <summary>"not pinned to CPUs" or "pinned to CPUs 1 with taskset": for headers and descriptions.</summary>
    public static string Pinning(string? cpus) =>
        string.IsNullOrWhiteSpace(cpus) ? "not pinned to CPUs" : $"pinned to CPUs {cpus.Trim()} with taskset";

    public async ValueTask DisposeAsync()
    {
        var stoppedCleanly = await StopAsync(process, TimeSpan.FromSeconds(30));
        if (!stoppedCleanly || process.ExitCode != 0)
        {
            Console.Error.WriteLine($"  [{BenchServerCommand.Name}] pid {process.Id} {(stoppedCleanly ? $"exited with code {process.ExitCode}" : "did not stop within 30 s and was killed")}; its stderr: {Text(errors).Trim()}");
        }

        process.Dispose();
    }

    /// <summary>Closes the child's stdin and waits; kills it (and anything it started) after <paramref name="grace"/>. True if it stopped by itself.</summary>
    private static async Task<bool> StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return true;
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: the pipe is broken.
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return false;
        }
    }

    /// <summary>Where taskset is, to pin to <paramref name="cpus"/>; a clear error if it is not installed. Also checked before a benchmark starts, not only at its first server.</summary>
    public static string Taskset(string cpus) =>
        FindOnPath("taskset")
        ?? throw new InvalidOperationException($"{CpusVariable}={cpus} asks to pin the extender benchmark's server with taskset, which is not installed (Debian package util-linux); unset {CpusVariable} or install it");

    private static ProcessStartInfo StartInfo(int nodes, string? cpus)
    {
        var (file, arguments) = BenchCommand();
        arguments = [.. arguments, BenchServerCommand.Name, nodes.ToString(CultureInfo.InvariantCulture)];
        if (!string.IsNullOrWhiteSpace(cpus))
        {
            (file, arguments) = (Taskset(cpus), ["-c", cpus.Trim(), file, .. arguments]);
        }

        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Workstation concurrent GC, as the schedext binary's runtimeconfig sets it, set explicitly
        // so that the parent's environment cannot change it.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "1";

        // The processors the server's runtime believes it has, as a container CPU limit sets them
        // (a limit of 1 makes .NET see one processor whatever the node has).
        if (Environment.GetEnvironmentVariable(ProcessorCountVariable) is { Length: > 0 } count)
        {
            start.Environment["DOTNET_PROCESSOR_COUNT"] = count;
        }

        return start;
    }

    /// <summary>
    /// How to start this bench executable again. <c>dotnet run</c> starts its apphost, which is then
    /// <see cref="Environment.ProcessPath"/>; under the dotnet host (<c>dotnet SchedulerExtender.Bench.dll</c>,
    /// or a test host that references the bench) it is the same host with the bench's dll.
    /// </summary>
    private static (string File, string[] Arguments) BenchCommand()
    {
        var dll = typeof(BenchServerProcess).Assembly.Location;
        var current = Environment.ProcessPath;
        // Not GetFileNameWithoutExtension on the apphost: "SchedulerExtender.Bench" would lose ".Bench".
        var apphost = Path.GetFileNameWithoutExtension(dll);
        if (current is not null && Path.GetFileName(current) is var name && (name == apphost || name == apphost + ".exe"))
        {
            return (current, []);
        }

        var host = current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? FindOnPath("dotnet") ?? "dotnet";
        return (host, [dll]);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    private static string CommandLine(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);

    private static string Text(StringBuilder errors)
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }
}
