using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using static SchedulerExtender.Core.Tests.Disruption.DisruptionBuilders;

namespace SchedulerExtender.Core.Tests.Disruption;

public sealed class DisruptionBudgetsTests
{
    private const int Unbounded = int.MaxValue;

    // 2026-01-05 is a Monday.
    private static readonly DateTimeOffset MondayTen = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEighteen = new(2026, 1, 5, 18, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, DisruptionBudget[], int, int, DisruptionReason, DateTimeOffset, int> Cases => new()
    {
        // name, budgets, nodes in pool, disrupting, reason, now, allowed
        { "10% of 10", [Budget("10%")], 10, 0, DisruptionReason.Underutilized, MondayTen, 1 },
        { "10% of 11 rounds up", [Budget("10%")], 11, 0, DisruptionReason.Underutilized, MondayTen, 2 },
        { "10% of 1 rounds up", [Budget("10%")], 1, 0, DisruptionReason.Empty, MondayTen, 1 },
        { "10% of 0", [Budget("10%")], 0, 0, DisruptionReason.Empty, MondayTen, 0 },
        { "a count", [Budget("3")], 10, 0, DisruptionReason.Drifted, MondayTen, 3 },
        { "disrupting nodes are taken off", [Budget("3")], 10, 1, DisruptionReason.Drifted, MondayTen, 2 },
        { "never below zero", [Budget("1")], 10, 4, DisruptionReason.Drifted, MondayTen, 0 },
        { "the most restrictive wins", [Budget("50%"), Budget("2"), Budget("30%")], 10, 0, DisruptionReason.Empty, MondayTen, 2 },
        { "no budget: unbounded", [], 10, 0, DisruptionReason.Empty, MondayTen, Unbounded },
        { "reasons limit the budget to them", [Budget("0", null, null, "Drifted")], 10, 0, DisruptionReason.Empty, MondayTen, Unbounded },
        { "a listed reason", [Budget("0", null, null, "Drifted")], 10, 0, DisruptionReason.Drifted, MondayTen, 0 },
        { "expiry: only budgets without reasons", [Budget("0", null, null, "Drifted", "Empty", "Underutilized"), Budget("20%")], 10, 0, DisruptionReason.Expired, MondayTen, 2 },
        { "inside the window", [Budget("0", "0 9 * * 1-5", TimeSpan.FromHours(8)), Budget("100%")], 10, 0, DisruptionReason.Underutilized, MondayTen, 0 },
        { "after the window", [Budget("0", "0 9 * * 1-5", TimeSpan.FromHours(8)), Budget("100%")], 10, 0, DisruptionReason.Underutilized, MondayEighteen, 10 },
        { "only a scheduled budget, outside its window", [Budget("0", "0 9 * * 1-5", TimeSpan.FromHours(8))], 10, 0, DisruptionReason.Empty, MondayEighteen, Unbounded },
        { "window for one reason", [Budget("0", "0 9 * * *", TimeSpan.FromHours(8), "Underutilized"), Budget("5")], 10, 0, DisruptionReason.Empty, MondayTen, 5 },
        { "a schedule that does not parse stays in force", [Budget("0", "every monday", TimeSpan.FromHours(1))], 10, 0, DisruptionReason.Empty, MondayEighteen, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allowed_disruptions(string name, DisruptionBudget[] budgets, int nodes, int disrupting, DisruptionReason reason, DateTimeOffset now, int allowed) =>
        DisruptionBudgets.Allowed(Pool(budgets: budgets), nodes, disrupting, reason, now).Should().Be(allowed, name);
}
