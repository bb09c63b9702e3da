using System.Diagnostics;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary>Runs command-line tools (kubectl, schedext itself) for end-to-end tests.</summary>
internal static class Tool
{
    public static bool Exists(string name) => ExecutablePath.Find(name) is not null;

    public static Process Start(string file, params string[] args) =>
        Process.Start(new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })
        ?? throw new InvalidOperationException($"could not start {file}");

    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        using var process = Start(file, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>What a running program prints after <paramref name="prefix"/> on its first such line (60 s at most).</summary>
    public static async Task<string> ReadLineAfterAsync(Process process, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }

        throw new InvalidOperationException($"{process.StartInfo.FileName} exited before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }
}
