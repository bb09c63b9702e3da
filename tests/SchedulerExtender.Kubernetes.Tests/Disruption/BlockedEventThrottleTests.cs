using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Kubernetes.Disruption;

// Not "...Tests.Disruption": that name would hide Core.Config.Disruption from the sibling test namespaces.
namespace SchedulerExtender.Kubernetes.Tests.Disruptions;

public sealed class BlockedEventThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static BlockedCandidate Blocked(string node, DisruptionReason reason = DisruptionReason.Drifted, string why = "node is annotated karpenter.sh/do-not-disrupt") =>
        new(node, reason, why);

    private static IReadOnlySet<string> Live(params string[] nodes) => nodes.ToHashSet(StringComparer.Ordinal);

    private static List<string> Nodes(IReadOnlyList<BlockedCandidate> due) => [.. due.Select(b => b.Node)];

    [Fact]
    public void A_node_first_seen_blocked_is_recorded()
    {
        var throttle = new BlockedEventThrottle(Window);

        var due = throttle.Select([Blocked("n1"), Blocked("n2", DisruptionReason.Underutilized)], Live("n1", "n2", "n3"), complete: true, Start);

        due.Should().BeEquivalentTo([Blocked("n1"), Blocked("n2", DisruptionReason.Underutilized)]);
    }

    [Fact]
    public void The_same_node_and_reason_within_the_window_is_not_recorded_again_even_when_the_explanation_changes()
    {
        var throttle = new BlockedEventThrottle(Window);
        throttle.Select([Blocked("n1", why: "replace of node n1 abandoned 1m ago; retried after 15m")], Live("n1"), complete: true, Start);

        for (var minute = 1; minute < 15; minute++)
        {
            var due = throttle.Select([Blocked("n1", why: $"replace of node n1 abandoned {minute + 1}m ago; retried after 15m")], Live("n1"), complete: true, Start.AddMinutes(minute));
            due.Should().BeEmpty($"{minute} min is within the window");
        }
    }

    [Fact]
    public void The_same_node_and_reason_is_recorded_again_once_the_window_has_passed()
    {
        var throttle = new BlockedEventThrottle(Window);
        throttle.Select([Blocked("n1")], Live("n1"), complete: true, Start);

        Nodes(throttle.Select([Blocked("n1")], Live("n1"), complete: true, Start + Window)).Should().Equal("n1");
        throttle.Select([Blocked("n1")], Live("n1"), complete: true, Start + Window + TimeSpan.FromMinutes(1)).Should().BeEmpty("the window starts again at the second event");
    }

    [Fact]
    public void A_change_of_reason_is_recorded_at_once()
    {
        var throttle = new BlockedEventThrottle(Window);
        throttle.Select([Blocked("n1", DisruptionReason.Underutilized)], Live("n1"), complete: true, Start);

        var due = throttle.Select([Blocked("n1", DisruptionReason.Drifted)], Live("n1"), complete: true, Start.AddMinutes(1));

        due.Should().ContainSingle().Which.Reason.Should().Be(DisruptionReason.Drifted);
        throttle.Select([Blocked("n1", DisruptionReason.Drifted)], Live("n1"), complete: true, Start.AddMinutes(2)).Should().BeEmpty();
    }

    [Fact]
    public void A_node_no_longer_blocked_is_forgotten_and_recorded_at_once_when_blocked_again()
    {
        var throttle = new BlockedEventThrottle(Window);
        throttle.Select([Blocked("n1")], Live("n1"), complete: true, Start);

        throttle.Select([], Live("n1"), complete: true, Start.AddMinutes(1));

        Nodes(throttle.Select([Blocked("n1")], Live("n1"), complete: true, Start.AddMinutes(2))).Should().Equal("n1");
    }

    [Fact]
    public void A_node_missing_from_an_incomplete_list_is_kept()
    {
        // The planner stopped at a method that found a command: later methods never looked at n1.
        var throttle = new BlockedEventThrottle(Window);
        throttle.Select([Blocked("n1")], Live("n1", "n2"), complete: true, Start);

        throttle.Select([], Live("n1", "n2"), complete: false, Start.AddMinutes(1));

        throttle.Select([Blocked("n1")], Live("n1", "n2"), complete: true, Start.AddMinutes(2)).Should().BeEmpty();
    }

    [Fact]
    public void Only_the_first_entry_of_a_node_listed_twice_is_recorded()
    {
        var throttle = new BlockedEventThrottle(Window);

        var due = throttle.Select([Blocked("n1", DisruptionReason.Empty), Blocked("n1", DisruptionReason.Drifted)], Live("n1"), complete: true, Start);

        due.Should().ContainSingle().Which.Reason.Should().Be(DisruptionReason.Empty);
        throttle.Select([Blocked("n1", DisruptionReason.Empty), Blocked("n1", DisruptionReason.Drifted)], Live("n1"), complete: true, Start.AddMinutes(1)).Should().BeEmpty();
    }

    [Fact]
    public void Nodes_that_left_the_cluster_are_forgotten_so_memory_stays_bounded()
    {
        var throttle = new BlockedEventThrottle(Window);
        for (var i = 0; i < 100; i++)
        {
            // Each pass a new node is blocked and the previous one is gone; the list is incomplete,
            // so only the departure of nodes can free memory.
            var node = $"n{i}";
            throttle.Select([Blocked(node)], Live(node), complete: false, Start.AddSeconds(5 * i)).Should().ContainSingle();
        }

        throttle.TrackedNodes.Should().Be(1);
    }

    [Fact]
    public void Blocked_nodes_not_in_the_cluster_are_not_recorded()
    {
        var throttle = new BlockedEventThrottle(Window);

        throttle.Select([Blocked("gone")], Live("n1"), complete: true, Start).Should().BeEmpty();
        throttle.TrackedNodes.Should().Be(0);
    }
}
