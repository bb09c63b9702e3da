namespace SchedulerExtender.Kubernetes.Tests.Config;

/// <summary>Paths to ../shared/seed (the article's manifests), read where they are, never copied.</summary>
internal static class SharedSeed
{
    public static string File(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "SchedulerExtender.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new InvalidOperationException("SchedulerExtender.sln not found above " + AppContext.BaseDirectory)
            : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seed", name));
    }
}
