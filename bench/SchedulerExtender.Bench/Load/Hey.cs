using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Bench.Load;

/// <summary>
/// Drives load with <c>hey</c> (Debian package), a separate process, over HTTPS with keep-alive.
/// hey skips certificate verification, which a loopback benchmark can afford.
/// </summary>
public static partial class Hey
{
    public static async Task<LoadResult> PostAsync(Uri url, string bodyFile, TimeSpan duration, int workers, double? ratePerWorker = null)
    {
        var arguments = new List<string>
        {
            "-z", $"{(int)duration.TotalSeconds}s", "-c", workers.ToString(CultureInfo.InvariantCulture),
            "-m", "POST", "-T", "application/json", "-D", bodyFile,
        };
        if (ratePerWorker is { } rate)
        {
            arguments.AddRange(["-q", rate.ToString("0.##", CultureInfo.InvariantCulture)]);
        }

        arguments.Add(url.ToString());
        var start = new ProcessStartInfo("hey", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start hey");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"hey failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
        }

        return Parse(output);
    }

    internal static LoadResult Parse(string output)
    {
        double Number(Regex pattern) =>
            pattern.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

        var ok = Status200().Match(output) is { Success: true } m200 ? long.Parse(m200.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var all = StatusAny().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        var errors = ErrorCount().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(Number(Rps()), Number(P50()) * 1000, Number(P99()) * 1000, ok, all - ok + errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"50%+ in ([0-9.]+) secs")]
    private static partial Regex P50();

    [GeneratedRegex(@"99%+ in ([0-9.]+) secs")]
    private static partial Regex P99();

    [GeneratedRegex(@"\[200\]\s+(\d+) responses")]
    private static partial Regex Status200();

    [GeneratedRegex(@"\[\d+\]\s+(\d+) responses")]
    private static partial Regex StatusAny();

    [GeneratedRegex(@"^\s+\[(\d+)\]\s+(?:Get|Post)", RegexOptions.Multiline)]
    private static partial Regex ErrorCount();
}
