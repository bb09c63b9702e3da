namespace SchedulerExtender.Core.Config;

/// <summary>A validated model, or every error found in the document (then <see cref="Value"/> is null).</summary>
public sealed record ConfigReadResult<T>(T? Value, IReadOnlyList<ConfigError> Errors)
    where T : class
{
    public bool IsValid => Value is not null && Errors.Count == 0;

    /// <summary>All errors on one line each, for logs and CLI output.</summary>
    public string ErrorText => string.Join(Environment.NewLine, Errors);
}
