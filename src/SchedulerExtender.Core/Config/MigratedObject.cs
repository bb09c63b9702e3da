namespace SchedulerExtender.Core.Config;

/// <summary>A migrated object with what identifies it in messages, e.g. <c>document 2, items[1]: ECSNodeClass default</c>.</summary>
public sealed record MigratedObject(string Source, MigrationResult Result);
