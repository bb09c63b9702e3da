namespace SchedulerExtender.Bench.Results;

/// <summary>
/// One aim of an issue checked against one measured figure: "value comparison target", e.g.
/// p99 7.2 ms "&lt;=" 2 ms. <see cref="Ratio"/> is value / target whatever the direction, so a
/// reader sees how far off (or how comfortably met) the aim is; <see cref="Met"/> says which.
/// </summary>
/// <param name="Issue">The issue whose "Done when" states the aim.</param>
/// <param name="Description">The aim in words, as the issue puts it.</param>
/// <param name="Value">What was measured; NaN when the benchmark could not measure it (never met).</param>
/// <param name="Comparison">One of <c>&gt;=</c>, <c>&lt;=</c>, <c>&lt;</c>, <c>&gt;</c>.</param>
/// <param name="Target">The issue's figure.</param>
/// <param name="Unit"><c>ms</c>, <c>s</c>, <c>req/s</c>, <c>pods/s</c>, or <c>ratio</c> (a fraction, shown as a percentage).</param>
public sealed record Aim(int Issue, string Description, double Value, string Comparison, double Target, string Unit)
{
    public const string RatioUnit = "ratio";

    private static readonly string[] Comparisons = [">=", "<=", "<", ">"];

    /// <summary>value / target; null when the target is 0 or nothing was measured.</summary>
    public double? Ratio => Target != 0 && double.IsFinite(Value) ? Value / Target : null;

    public bool Met => double.IsFinite(Value) && Comparison switch
    {
        ">=" => Value >= Target,
        "<=" => Value <= Target,
        "<" => Value < Target,
        ">" => Value > Target,
        _ => throw new InvalidOperationException($"unknown comparison '{Comparison}'; known: {string.Join(' ', Comparisons)}"),
    };

    public static Aim AtLeast(int issue, string description, double value, double target, string unit) => new(issue, description, value, ">=", target, unit);

    public static Aim AtMost(int issue, string description, double value, double target, string unit) => new(issue, description, value, "<=", target, unit);

    public static Aim Below(int issue, string description, double value, double target, string unit) => new(issue, description, value, "<", target, unit);
}
