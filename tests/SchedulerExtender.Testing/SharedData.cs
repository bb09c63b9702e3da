namespace SchedulerExtender.Testing;

/// <summary>Finds ../shared/data (beside the repository root) without copying anything into the repository.</summary>
public static class SharedData
{
    public static string? PriceSnapshot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SchedulerExtender.sln")))
                {
                    var path = Path.Combine(dir.FullName, "..", "shared", "data", "alibabacloud-prices-2024-06-12.json");
                    return File.Exists(path) ? Path.GetFullPath(path) : null;
                }
            }

            return null;
        }
    }
}
