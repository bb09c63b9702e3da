namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The 1-minute load average, printed beside every figure: the machine is shared, and a p99 taken
/// while other work keeps both cores busy says more about the neighbours than about the code.
/// </summary>
internal static class LoadAverage
{
    public static double OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    public static string Now() => OneMinute().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
