using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>One committed change: the object before (null on create) and after (at its new resourceVersion).</summary>
internal sealed record StoredEvent(long ResourceVersion, KubeResource Resource, string? Namespace, string Type, JsonObject? Old, JsonObject New);
