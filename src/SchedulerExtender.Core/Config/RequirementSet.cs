namespace SchedulerExtender.Core.Config;

/// <summary>
/// Requirements on several label keys, all of which must hold (a NodePool's requirements, or one
/// term of a pod's required node affinity). Immutable; intersection yields a new set.
/// </summary>
public sealed class RequirementSet
{
    private readonly SortedDictionary<string, Requirement> byKey;

    private RequirementSet(SortedDictionary<string, Requirement> byKey) => this.byKey = byKey;

    public static RequirementSet Empty { get; } = new(new SortedDictionary<string, Requirement>(StringComparer.Ordinal));

    /// <summary>Keys in ordinal order, so anything derived from a set is deterministic.</summary>
    public IEnumerable<Requirement> Requirements => byKey.Values;

    public int Count => byKey.Count;

    public static RequirementSet From(IEnumerable<NodeSelectorRequirement> requirements)
    {
        var set = Empty;
        foreach (var r in requirements)
        {
            set = set.With(Requirement.From(r));
        }

        return set;
    }

    /// <summary>Labels as In requirements: a pod's nodeSelector, a NodePool template's labels.</summary>
    public static RequirementSet FromLabels(IEnumerable<KeyValuePair<string, string>> labels) =>
        From(labels.Select(l => NodeSelectorRequirement.In(l.Key, l.Value)));

    public Requirement? Get(string key) => byKey.GetValueOrDefault(key);

    /// <summary>Adds a requirement, intersecting it with any already on its key.</summary>
    public RequirementSet With(Requirement requirement)
    {
        var copy = new SortedDictionary<string, Requirement>(byKey, StringComparer.Ordinal);
        copy[requirement.Key] = copy.TryGetValue(requirement.Key, out var existing) ? existing.Intersect(requirement) : requirement;
        return new RequirementSet(copy);
    }

    public RequirementSet Intersect(RequirementSet other)
    {
        var result = this;
        foreach (var r in other.byKey.Values)
        {
            result = result.With(r);
        }

        return result;
    }

    /// <summary>True when a node with exactly these labels satisfies every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        // A plain loop: the solver asks this for every in-flight host and pod group.
        foreach (var r in byKey.Values)
        {
            if (!r.AllowsLabel(labels.TryGetValue(r.Key, out var value) ? value : null))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join("; ", byKey.Values);
}
