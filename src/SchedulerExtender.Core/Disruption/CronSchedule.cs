using System.Globalization;

namespace SchedulerExtender.Core.Disruption;

/// <summary>
/// A 5-field cron schedule (minute hour day-of-month month day-of-week) in UTC, as Karpenter's
/// budget <c>schedule</c>: <c>*</c>, lists, ranges, steps, month and weekday names, and the
/// <c>@yearly</c>/<c>@monthly</c>/<c>@weekly</c>/<c>@daily</c>/<c>@hourly</c> macros. As in
/// classic cron, when both day fields are restricted a day matches either of them.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] minutes;
    private readonly bool[] hours;
    private readonly bool[] daysOfMonth;
    private readonly bool[] months;
    private readonly bool[] daysOfWeek;
    private readonly bool anyDayOfMonth;
    private readonly bool anyDayOfWeek;

    private CronSchedule(string[] fields)
    {
        minutes = Field(fields[0], 0, 59, null, "minute");
        hours = Field(fields[1], 0, 23, null, "hour");
        daysOfMonth = Field(fields[2], 1, 31, null, "day of month");
        months = Field(fields[3], 1, 12, MonthNames, "month");
        var dow = Field(fields[4], 0, 7, DayNames, "day of week");
        dow[0] |= dow[7];
        daysOfWeek = dow[..7];
        anyDayOfMonth = fields[2].StartsWith('*');
        anyDayOfWeek = fields[4].StartsWith('*');
    }

    /// <exception cref="FormatException">The text is not a 5-field schedule or a known macro.</exception>
    public static CronSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expanded = text.Trim() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            var other => other,
        };
        var fields = expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"\"{text}\" is not a cron schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily.");
        }

        return new CronSchedule(fields);
    }

    /// <summary>True when the schedule fires at the minute containing <paramref name="time"/> (UTC).</summary>
    public bool FiresAt(DateTimeOffset time)
    {
        var t = time.UtcDateTime;
        return months[t.Month] && DayMatches(t) && hours[t.Hour] && minutes[t.Minute];
    }

    /// <summary>
    /// True when a firing at or before <paramref name="now"/> opened a window of
    /// <paramref name="duration"/> that is still open: some firing f with f ≤ now &lt; f + duration.
    /// </summary>
    public bool IsActive(DateTimeOffset now, TimeSpan duration)
    {
        var utc = now.UtcDateTime;
        var t = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc);
        var earliest = utc - duration;
        // Walk back minute by minute, skipping whole months, days and hours that cannot fire.
        while (t > earliest)
        {
            if (!months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(-1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddMinutes(-1);
            }
            else if (!hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(-1);
            }
            else if (!minutes[t.Minute])
            {
                t = t.AddMinutes(-1);
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = daysOfMonth[t.Day];
        var dow = daysOfWeek[(int)t.DayOfWeek];
        return anyDayOfMonth || anyDayOfWeek ? dom && dow : dom || dow;
    }

    private static bool[] Field(string field, int min, int max, string[]? names, string what)
    {
        var set = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = SplitStep(part, what);
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, min, max, names, what), Value(b, min, max, names, what));
            }
            else
            {
                from = Value(range, min, max, names, what);
                to = step > 1 ? max : from;
            }

            if (from > to)
            {
                throw new FormatException($"cron {what}: range \"{range}\" runs backwards.");
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        return set;
    }

    private static (string Range, int Step) SplitStep(string part, string what)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (part, 1);
        }

        if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
        {
            throw new FormatException($"cron {what}: \"{part}\" has no valid step.");
        }

        return (part[..slash], step);
    }

    private static int Value(string text, int min, int max, string[]? names, string what)
    {
        var named = names is null ? -1 : Array.IndexOf(names, text.ToLowerInvariant());
        if (named >= 0)
        {
            // Months are 1-based, weekdays 0-based.
            return names == MonthNames ? named + 1 : named;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"cron {what}: \"{text}\" is not a value between {min} and {max}.");
        }

        return value;
    }
}
