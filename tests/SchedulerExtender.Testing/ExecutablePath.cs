namespace SchedulerExtender.Testing;

/// <summary>Where a command-line tool (kubectl, promtool, prometheus) is on PATH, for tests that need one and skip or fail clearly without it.</summary>
public static class ExecutablePath
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
