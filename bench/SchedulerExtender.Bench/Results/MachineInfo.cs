using System.Globalization;
using System.Runtime.InteropServices;

namespace SchedulerExtender.Bench.Results;

/// <summary>
/// The machine the figures come from. Read from /proc and /etc/os-release (the benchmarks run on
/// Linux); a file that cannot be read leaves its field "unknown" rather than failing a long run.
/// </summary>
/// <param name="MemoryBytes">MemTotal of /proc/meminfo: the machine's memory, not a container limit.</param>
/// <param name="Dotnet">The runtime's version, e.g. 10.0.12.</param>
/// <param name="LoadAverage">1, 5 and 15 minute load averages when the report was written.</param>
public sealed record MachineInfo(int Cores, long MemoryBytes, string CpuModel, string Os, string Kernel, string Dotnet, IReadOnlyList<double> LoadAverage)
{
    public const string Unknown = "unknown";

    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ParseMemTotalBytes(ReadOrEmpty("/proc/meminfo")) ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        ParseCpuModel(ReadOrEmpty("/proc/cpuinfo")),
        ParseOsName(ReadOrEmpty("/etc/os-release")) ?? RuntimeInformation.OSDescription,
        ReadOrEmpty("/proc/sys/kernel/osrelease").Trim() is { Length: > 0 } kernel ? "Linux " + kernel : Unknown,
        Environment.Version.ToString(),
        CurrentLoadAverage());

    /// <summary>The load average now, or an empty list where /proc/loadavg does not exist.</summary>
    public static IReadOnlyList<double> CurrentLoadAverage() => ParseLoadAverage(ReadOrEmpty("/proc/loadavg"));

    /// <summary>The first "model name" of /proc/cpuinfo (every core of these machines is the same model).</summary>
    public static string ParseCpuModel(string cpuinfo) =>
        Lines(cpuinfo).Select(Field).FirstOrDefault(f => f.Key == "model name").Value is { Length: > 0 } model ? model : Unknown;

    /// <summary>MemTotal of /proc/meminfo, which the kernel gives in KiB (it writes "kB").</summary>
    public static long? ParseMemTotalBytes(string meminfo) =>
        Lines(meminfo).Select(Field).FirstOrDefault(f => f.Key == "MemTotal").Value is { Length: > 0 } total
        && long.TryParse(total.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
            ? kib * 1024
            : null;

    /// <summary>PRETTY_NAME of os-release, e.g. "Debian GNU/Linux 12 (bookworm)".</summary>
    public static string? ParseOsName(string osRelease) =>
        Lines(osRelease).Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            .Select(l => l["PRETTY_NAME=".Length..].Trim().Trim('"'))
            .FirstOrDefault(n => n.Length > 0);

    /// <summary>The first three fields of /proc/loadavg: runnable tasks averaged over 1, 5 and 15 minutes.</summary>
    public static IReadOnlyList<double> ParseLoadAverage(string loadavg)
    {
        var fields = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Take(3).Select(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToList();
        return values.Count == 3 && values.All(double.IsFinite) ? values : [];
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n');

    private static (string Key, string Value) Field(string line) =>
        line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? (line[..colon].Trim(), line[(colon + 1)..].Trim()) : (line.Trim(), "");

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
