namespace SchedulerExtender.Core.Config;

/// <summary>A NodePool's <c>spec.template.spec.nodeClassRef</c>.</summary>
public sealed record NodeClassReference(string Group, string Kind, string Name);
