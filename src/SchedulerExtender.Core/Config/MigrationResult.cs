using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// One Karpenter object migrated to schedext: the <see cref="Document"/> to write (null when the
/// object was refused, see <see cref="Errors"/>, or skipped), and <see cref="Warnings"/> naming
/// every field that was dropped or approximated on the way, so nothing disappears silently.
/// </summary>
public sealed record MigrationResult(JsonObject? Document, IReadOnlyList<ConfigError> Warnings, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>The object could not be converted: nothing is written for it.</summary>
    public bool IsRefused => Errors.Count > 0;
}
