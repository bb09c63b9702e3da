namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>
/// One vSwitch or security group selector term: either tags (ANDed; a value of <c>*</c> or empty
/// matches any value) or an ID. Terms of a list are ORed.
/// </summary>
public sealed record SelectorTerm(IReadOnlyDictionary<string, string>? Tags = null, string? Id = null)
{
    public static SelectorTerm ByTags(IReadOnlyDictionary<string, string> tags) => new(Tags: tags);

    public static SelectorTerm ById(string id) => new(Id: id);

    /// <summary>How an error message names this term: <c>tags a=b,c=d</c> or <c>id vsw-1</c>.</summary>
    public string Describe() => Id is { Length: > 0 } id
        ? $"id {id}"
        : "tags " + string.Join(',', (Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}
