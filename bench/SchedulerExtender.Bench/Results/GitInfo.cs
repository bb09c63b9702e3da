using System.Diagnostics;

namespace SchedulerExtender.Bench.Results;

/// <summary>The commit the benchmarks ran at, asked of git in the current directory (the repository, under make).</summary>
public static class GitInfo
{
    /// <summary>The commit, or "unknown" outside a repository; dirty when tracked files other than the results file itself changed.</summary>
    public static (string Commit, bool Dirty) Current()
    {
        var commit = Git("rev-parse HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return (MachineInfo.Unknown, false);
        }

        // The previous results.json being replaced does not make the code under test dirty.
        var changes = Git("status --porcelain --untracked-files=no -- . :!bench/results.json");
        return (commit, !string.IsNullOrWhiteSpace(changes));
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed
        }
    }
}
