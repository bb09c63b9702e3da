using System.Globalization;

namespace SchedulerExtender.Local.Ecs;

/// <summary>An RPC request as received: the HTTP method and every parameter (query or form).</summary>
public sealed class EcsEmulatorRequest(string httpMethod, IReadOnlyList<KeyValuePair<string, string>> parameters)
{
    private readonly Dictionary<string, string> _byName = parameters
        .GroupBy(p => p.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    public string HttpMethod { get; } = httpMethod;

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; } = parameters;

    public string? this[string name] => _byName.GetValueOrDefault(name);

    public string Action => this["Action"] ?? "";

    /// <summary>An integer parameter, or the default when absent; null when present but not an integer.</summary>
    public int? Int(string name, int defaultValue) =>
        this[name] is not { } text ? defaultValue
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary><c>Name.1</c>, <c>Name.2</c>, … in order.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var values = new List<string>();
        for (var n = 1; this[$"{name}.{n}"] is { } value; n++)
        {
            values.Add(value);
        }

        return values;
    }

    /// <summary><c>Tag.N.Key</c> / <c>Tag.N.Value</c> pairs.</summary>
    public IReadOnlyDictionary<string, string> Tags()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; n <= 20; n++)
        {
            if (this[$"Tag.{n}.Key"] is { Length: > 0 } key)
            {
                tags[key] = this[$"Tag.{n}.Value"] ?? "";
            }
        }

        return tags;
    }
}
