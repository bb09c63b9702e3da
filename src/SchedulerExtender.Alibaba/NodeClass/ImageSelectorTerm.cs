namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>One image selector term: an alias (<see cref="ImageAliases"/>) or an image ID. Terms are ORed.</summary>
public sealed record ImageSelectorTerm(string? Alias = null, string? Id = null)
{
    public static ImageSelectorTerm ByAlias(string alias) => new(Alias: alias);

    public static ImageSelectorTerm ById(string id) => new(Id: id);

    public string Describe() => Id is { Length: > 0 } id ? $"id {id}" : $"alias {Alias}";
}
