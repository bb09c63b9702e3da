using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>One watch event as the API server streams it: {"type": ..., "object": ...}.</summary>
public sealed record WatchEvent(string Type, JsonObject Object)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Error = "ERROR";
    public const string Bookmark = "BOOKMARK";

    public JsonObject ToJson() => new() { ["type"] = Type, ["object"] = Object.DeepClone() };
}
