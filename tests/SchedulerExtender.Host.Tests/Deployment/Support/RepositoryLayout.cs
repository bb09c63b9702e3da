namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>Finds the repository root (the folder with SchedulerExtender.sln) from the test binaries.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Manifests => Path.Combine(Root, "manifests");

    public static string Script(string name) => Path.Combine(Root, "certs-scripts", name);

    /// <summary>The shared folder sits beside the repository (../shared), as in CI.</summary>
    public static string SharedSeed(string file) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seed", file));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchedulerExtender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SchedulerExtender.sln above {AppContext.BaseDirectory}.");
    }
}
