using System.Text.RegularExpressions;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// What a PromQL expression (an alert rule's or a dashboard panel's) reads of our metrics, found by
/// pattern: enough for our own expressions, which name schedext_ metrics literally.
/// </summary>
internal static partial class PromQl
{
    /// <summary>The metric families an expression reads (histograms through _bucket, _sum and _count).</summary>
    public static IEnumerable<string> Families(string expression) =>
        MetricName().Matches(expression).Select(m => FamilyOf(m.Value)).Distinct();

    /// <summary>The family of an exported series name: a histogram's _bucket, _sum and _count belong to it.</summary>
    public static string FamilyOf(string series) => HistogramSuffix().Replace(series, "");

    /// <summary>The label names matched in selectors of our metrics, with the family they select.</summary>
    public static IEnumerable<(string Family, string Label)> MatchedLabels(string expression) =>
        Selector().Matches(expression).SelectMany(s => Matcher().Matches(s.Groups[2].Value)
            .Select(m => (FamilyOf(s.Groups[1].Value), m.Groups[1].Value)));

    /// <summary>The label names of by, without, on, ignoring and group_left/right clauses.</summary>
    public static IEnumerable<string> GroupingLabels(string expression) =>
        Grouping().Matches(expression).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The <c>$labels.NAME</c> an annotation template prints.</summary>
    public static IEnumerable<string> TemplateLabels(string template) => TemplateLabel().Matches(template).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"schedext_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex(@"(schedext_[a-z_]+)\s*\{([^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)")]
    private static partial Regex TemplateLabel();
}
