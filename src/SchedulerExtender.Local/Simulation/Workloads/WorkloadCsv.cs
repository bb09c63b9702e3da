using System.Globalization;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Local.Simulation.Workloads;

/// <summary>
/// Reads the workload CSV of DESIGN.md: a required header
/// <c>submit_s,app,namespace,driver_cpu,driver_memory_mib,executors,executor_cpu,executor_memory_mib,duration_s</c>,
/// then one application per row. Blank lines and lines starting with <c>#</c> are skipped. CPU is
/// in cores (decimals allowed, at most millicore precision), memory in whole MiB, times in seconds.
/// Every bad row is reported with its 1-based line number; nothing is returned unless all rows are good.
/// </summary>
public static partial class WorkloadCsv
{
    public const string Header = "submit_s,app,namespace,driver_cpu,driver_memory_mib,executors,executor_cpu,executor_memory_mib,duration_s";

    private const int MaxErrors = 50;
    private static readonly string[] Columns = Header.Split(',');

    public static Workload Parse(string text, string source) => Parse(new StringReader(text), source);

    public static Workload Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<string>();
        var apps = new List<SparkApplication>();
        var seen = new Dictionary<(string, string), int>();
        var headerSeen = false;
        var lineNumber = 0;
        for (var line = reader.ReadLine(); line is not null && errors.Count < MaxErrors; line = reader.ReadLine())
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = trimmed.Split(',').Select(f => f.Trim()).ToArray();
            if (!headerSeen)
            {
                headerSeen = true;
                if (!fields.SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"line {lineNumber}: the header must be \"{Header}\"");
                    break;
                }

                continue;
            }

            var app = ReadRow(fields, lineNumber, errors);
            if (app is null)
            {
                continue;
            }

            if (seen.TryGetValue((app.Namespace, app.App), out var first))
            {
                errors.Add($"line {lineNumber}: application {app.Namespace}/{app.App} is already defined on line {first}");
                continue;
            }

            seen[(app.Namespace, app.App)] = lineNumber;
            apps.Add(app);
        }

        if (!headerSeen)
        {
            errors.Add($"line {Math.Max(1, lineNumber)}: no header; the first line must be \"{Header}\"");
        }
        else if (errors.Count == 0 && apps.Count == 0)
        {
            errors.Add($"line {lineNumber}: no applications after the header");
        }

        return errors.Count > 0 ? throw new WorkloadFormatException(source, errors) : new Workload(source, apps);
    }

    private static SparkApplication? ReadRow(string[] fields, int line, List<string> errors)
    {
        if (fields.Length != Columns.Length)
        {
            errors.Add($"line {line}: expected {Columns.Length} fields ({Header}), found {fields.Length}");
            return null;
        }

        var before = errors.Count;
        var submit = Seconds(fields[0], Columns[0], allowZero: true, line, errors);
        var app = Name(fields[1], Columns[1], line, errors);
        var ns = Name(fields[2], Columns[2], line, errors);
        var driverCpu = MilliCpu(fields[3], Columns[3], line, errors);
        var driverMemory = Whole(fields[4], Columns[4], min: 1, line, errors);
        var executors = Whole(fields[5], Columns[5], min: 1, line, errors);
        var executorCpu = MilliCpu(fields[6], Columns[6], line, errors);
        var executorMemory = Whole(fields[7], Columns[7], min: 1, line, errors);
        var duration = Seconds(fields[8], Columns[8], allowZero: false, line, errors);
        return errors.Count > before
            ? null
            : new SparkApplication(submit, app, ns, driverCpu, driverMemory, (int)executors, executorCpu, executorMemory, duration);
    }

    private static double Seconds(string text, string column, bool allowZero, int line, List<string> errors)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && (allowZero ? value >= 0 : value > 0))
        {
            return value;
        }

        errors.Add($"line {line}: {column} \"{text}\" must be a number of seconds {(allowZero ? ">= 0" : "> 0")}");
        return 0;
    }

    private static long MilliCpu(string text, string column, int line, List<string> errors)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) && cores > 0
            && cores * 1000 == decimal.Truncate(cores * 1000) && cores <= 1024)
        {
            return (long)(cores * 1000);
        }

        errors.Add($"line {line}: {column} \"{text}\" must be a CPU count in cores > 0 with at most 3 decimals (e.g. 1, 0.5, 2.25)");
        return 0;
    }

    private static long Whole(string text, string column, long min, int line, List<string> errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= 10_000_000)
        {
            return value;
        }

        errors.Add($"line {line}: {column} \"{text}\" must be a whole number >= {min}");
        return 0;
    }

    private static string Name(string text, string column, int line, List<string> errors)
    {
        if (text.Length is > 0 and <= 63 && DnsLabel().IsMatch(text))
        {
            return text;
        }

        errors.Add($"line {line}: {column} \"{text}\" must be a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        return "";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
