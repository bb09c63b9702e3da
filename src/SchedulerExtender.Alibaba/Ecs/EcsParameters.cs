using System.Globalization;
using System.Text.Json;

namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>Builds an action's parameter list in the RPC flat form (<c>Tag.1.Key</c>, <c>InstanceId.1</c>, …).</summary>
internal sealed class EcsParameters
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public EcsParameters Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _items.Add(new(name, value));
        }

        return this;
    }

    public EcsParameters Add(string name, long? value) =>
        value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    public EcsParameters Add(string name, double? value) =>
        value is { } v ? Add(name, v.ToString("0.####", CultureInfo.InvariantCulture)) : this;

    /// <summary><c>Name.1</c>, <c>Name.2</c>, … (RPC repeat list).</summary>
    public EcsParameters AddList(string name, IEnumerable<string>? values)
    {
        var n = 0;
        foreach (var value in values ?? [])
        {
            Add($"{name}.{++n}", value);
        }

        return this;
    }

    /// <summary>A JSON array in one parameter, as DescribeInstances' InstanceIds takes it.</summary>
    public EcsParameters AddJsonArray(string name, IReadOnlyList<string>? values) =>
        values is { Count: > 0 } ? Add(name, JsonSerializer.Serialize(values)) : this;

    /// <summary><c>Tag.N.Key</c> / <c>Tag.N.Value</c>, in key order so that requests are reproducible.</summary>
    public EcsParameters AddTags(IReadOnlyDictionary<string, string>? tags)
    {
        var n = 0;
        foreach (var (key, value) in (tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            n++;
            Add($"Tag.{n}.Key", key);
            _items.Add(new($"Tag.{n}.Value", value));
        }

        return this;
    }
}
