namespace SchedulerExtender.Core.Config;

/// <summary>A vSwitch or security-group selector term: by tags (AND, "*" = any value), by id, or by name.</summary>
public sealed record SelectorTerm(IReadOnlyDictionary<string, string> Tags, string? Id, string? Name = null);
