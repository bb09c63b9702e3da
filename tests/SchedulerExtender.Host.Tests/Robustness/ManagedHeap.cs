using System.Diagnostics;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// The process's live managed memory after full, compacting collections (the server runs in the
/// test process, so its leaks show here). Only meaningful in a collection that runs alone.
/// </summary>
internal static class ManagedHeap
{
    /// <summary>A run may grow the live heap by at most this much; a leak of ~700 bytes per request over 100,000 requests exceeds it.</summary>
    public const long GrowthBound = 64L * 1024 * 1024;

    public static (long HeapBytes, long WorkingSetBytes) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    public static string Describe(string what, (long HeapBytes, long WorkingSetBytes) before, (long HeapBytes, long WorkingSetBytes) after) =>
        $"{what}: live managed heap {before.HeapBytes / 1048576.0:0.0} MiB -> {after.HeapBytes / 1048576.0:0.0} MiB, "
        + $"working set {before.WorkingSetBytes / 1048576.0:0.0} MiB -> {after.WorkingSetBytes / 1048576.0:0.0} MiB";
}
