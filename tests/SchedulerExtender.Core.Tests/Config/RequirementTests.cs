using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class RequirementTests
{
    private const string Key = "k";

    public static TheoryData<string, string, string?, bool> Allows() => new()
    {
        // requirement, intersected with, label value on the node (null = no label), satisfied
        { "In a,b", "", "a", true },
        { "In a,b", "", "c", false },
        { "In a,b", "", null, false },
        { "NotIn a", "", "a", false },
        { "NotIn a", "", "b", true },
        { "NotIn a", "", null, true },
        { "Exists", "", null, false },
        { "Exists", "", "x", true },
        { "DoesNotExist", "", null, true },
        { "DoesNotExist", "", "x", false },
        { "Gt 4", "", "8", true },
        { "Gt 4", "", "4", false },
        { "Gt 4", "", "four", false },
        { "Lt 4", "", "2", true },
        { "In a,b", "NotIn a", "b", true },
        { "In a,b", "NotIn a", "a", false },
        { "NotIn a", "NotIn b", "b", false },
        { "NotIn a", "NotIn b", null, true },
        { "Exists", "NotIn a", null, false },
        { "In 2,4,8", "Gt 3", "4", true },
        { "In 2,4,8", "Gt 3", "2", false },
        { "Gt 2", "Lt 8", "5", true },
        { "Gt 2", "Lt 8", "8", false },
        { "DoesNotExist", "NotIn a", null, true },
    };

    [Theory]
    [MemberData(nameof(Allows))]
    public void Intersection_allows_what_both_allow(string a, string b, string? value, bool expected)
    {
        var r = Parse(a);
        if (b.Length > 0)
        {
            r = r.Intersect(Parse(b));
        }

        r.AllowsLabel(value).Should().Be(expected);
    }

    public static TheoryData<string, string, bool> Satisfiable() => new()
    {
        { "In a", "In b", false },
        { "In a", "NotIn a", false },
        { "In a", "DoesNotExist", false },
        { "Exists", "DoesNotExist", false },
        { "Gt 5", "Lt 6", false },
        { "Gt 5", "Lt 7", true },
        { "In a,b", "In b,c", true },
        { "NotIn a", "DoesNotExist", true },
    };

    [Theory]
    [MemberData(nameof(Satisfiable))]
    public void Contradictions_are_detected(string a, string b, bool satisfiable)
    {
        Parse(a).Intersect(Parse(b)).IsUnsatisfiable.Should().Be(!satisfiable);
        Parse(b).Intersect(Parse(a)).IsUnsatisfiable.Should().Be(!satisfiable, "intersection is symmetric");
    }

    [Fact]
    public void A_set_matches_labels_on_every_key()
    {
        var set = RequirementSet.From([NodeSelectorRequirement.In("a", "1"), NodeSelectorRequirement.NotIn("b", "2")]);

        set.Matches(new Dictionary<string, string> { ["a"] = "1" }).Should().BeTrue();
        set.Matches(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }).Should().BeFalse();
        set.Matches(new Dictionary<string, string>()).Should().BeFalse();
    }

    [Fact]
    public void Text_is_canonical_whatever_the_order_written()
    {
        var one = RequirementSet.From([NodeSelectorRequirement.In("b", "y", "x"), NodeSelectorRequirement.In("a", "1")]);
        var two = RequirementSet.From([NodeSelectorRequirement.In("a", "1"), NodeSelectorRequirement.In("b", "x", "y")]);

        one.ToString().Should().Be(two.ToString()).And.Be("a In [1]; b In [x,y]");
    }

    private static Requirement Parse(string text)
    {
        var parts = text.Split(' ', 2);
        var op = Enum.Parse<RequirementOperator>(parts[0]);
        var values = parts.Length > 1 ? parts[1].Split(',') : [];
        return Requirement.From(new NodeSelectorRequirement(Key, op, values));
    }
}
