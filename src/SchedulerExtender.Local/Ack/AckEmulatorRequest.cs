namespace SchedulerExtender.Local.Ack;

/// <summary>An ROA request as received: method, path, query, headers (case-insensitive names) and the raw body.</summary>
public sealed record AckEmulatorRequest(
    string HttpMethod,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
