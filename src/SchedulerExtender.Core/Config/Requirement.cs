using System.Globalization;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// What one label key may be, in a form closed under intersection: either a set of allowed values
/// or the complement of a set of excluded values (bounded by Gt / Lt), and whether the label may
/// be absent. In = {values}; NotIn = complement, may be absent; Exists = complement of {};
/// DoesNotExist = {} and may be absent; Gt / Lt = complement with a numeric bound.
/// </summary>
public sealed class Requirement
{
    private static readonly HashSet<string> NoValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> values;

    private Requirement(string key, bool complement, HashSet<string> values, long? greaterThan, long? lessThan, bool mayBeAbsent, int? minValues)
    {
        Key = key;
        Complement = complement;
        GreaterThan = greaterThan;
        LessThan = lessThan;
        MayBeAbsent = mayBeAbsent;
        MinValues = minValues;
        // An explicit value set only keeps values that satisfy the bounds, so "allows" is one lookup.
        this.values = complement || (greaterThan is null && lessThan is null)
            ? values
            : values.Where(WithinBounds).ToHashSet(StringComparer.Ordinal);
    }

    public string Key { get; }

    /// <summary>True when <see cref="Values"/> lists excluded values rather than allowed ones.</summary>
    public bool Complement { get; }

    public IReadOnlyCollection<string> Values => values;

    public long? GreaterThan { get; }

    public long? LessThan { get; }

    /// <summary>True when a node without the label satisfies the requirement.</summary>
    public bool MayBeAbsent { get; }

    public int? MinValues { get; }

    /// <summary>True when no node can satisfy it: no value allowed and the label must be present.</summary>
    public bool IsUnsatisfiable =>
        !MayBeAbsent && (Complement ? GreaterThan is { } gt && LessThan is { } lt && gt + 1 >= lt : values.Count == 0);

    public static Requirement From(NodeSelectorRequirement r) => r.Operator switch
    {
        RequirementOperator.In => new(r.Key, false, Set(r.Values), null, null, false, r.MinValues),
        RequirementOperator.NotIn => new(r.Key, true, Set(r.Values), null, null, true, r.MinValues),
        RequirementOperator.Exists => new(r.Key, true, NoValues, null, null, false, r.MinValues),
        RequirementOperator.DoesNotExist => new(r.Key, false, NoValues, null, null, true, r.MinValues),
        RequirementOperator.Gt => new(r.Key, true, NoValues, Integer(r), null, false, r.MinValues),
        RequirementOperator.Lt => new(r.Key, true, NoValues, null, Integer(r), false, r.MinValues),
        _ => throw new ArgumentOutOfRangeException(nameof(r), r.Operator, "unknown operator"),
    };

    /// <summary>The label must be absent: what a node that never gets the label offers.</summary>
    public static Requirement Absent(string key) => new(key, false, NoValues, null, null, true, null);

    /// <summary>True when a node whose label has this value satisfies the requirement.</summary>
    public bool Allows(string value) => Complement ? !values.Contains(value) && WithinBounds(value) : values.Contains(value);

    /// <summary>True when a node with this label value (null = no label) satisfies the requirement.</summary>
    public bool AllowsLabel(string? value) => value is null ? MayBeAbsent : Allows(value);

    public Requirement Intersect(Requirement other)
    {
        var gt = Max(GreaterThan, other.GreaterThan);
        var lt = Min(LessThan, other.LessThan);
        var minValues = Max(MinValues, other.MinValues) is { } m ? (int)m : (int?)null;
        var mayBeAbsent = MayBeAbsent && other.MayBeAbsent;
        HashSet<string> result;
        bool complement;
        if (Complement && other.Complement)
        {
            complement = true;
            result = new HashSet<string>(values, StringComparer.Ordinal);
            result.UnionWith(other.values);
        }
        else
        {
            complement = false;
            var (explicitSet, filter) = Complement ? (other, this) : (this, other);
            result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in explicitSet.values)
            {
                if (filter.Allows(v))
                {
                    result.Add(v);
                }
            }
        }

        return new Requirement(Key, complement, result, gt, lt, mayBeAbsent, minValues);
    }

    public override string ToString()
    {
        var sorted = string.Join(",", values.Order(StringComparer.Ordinal));
        var text = Complement
            ? (values.Count == 0 ? "Exists" : $"NotIn [{sorted}]")
            : (values.Count == 0 ? (MayBeAbsent ? "DoesNotExist" : "In []") : $"In [{sorted}]");
        if (GreaterThan is { } gt)
        {
            text += $" Gt {gt}";
        }

        if (LessThan is { } lt)
        {
            text += $" Lt {lt}";
        }

        return $"{Key} {text}";
    }

    private bool WithinBounds(string value)
    {
        if (GreaterThan is null && LessThan is null)
        {
            return true;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && (GreaterThan is not { } gt || n > gt) && (LessThan is not { } lt || n < lt);
    }

    private static HashSet<string> Set(IReadOnlyList<string> values) => new(values, StringComparer.Ordinal);

    private static long Integer(NodeSelectorRequirement r) =>
        r.Values.Count == 1 && long.TryParse(r.Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{r.Key} {r.Operator} needs exactly one integer value", nameof(r));

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
