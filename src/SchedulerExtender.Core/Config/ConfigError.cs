namespace SchedulerExtender.Core.Config;

/// <summary>One problem in a configuration document, at a field path such as <c>spec.template.spec.requirements[1].operator</c>.</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
