using System.Diagnostics;

namespace SchedulerExtender.Alibaba.Tests.Ack;

/// <summary>Runs a script with the machine's bash and returns its exit code and output.</summary>
internal static class BashRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"schedext-userdata-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(path, script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("bash", [path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            })!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
