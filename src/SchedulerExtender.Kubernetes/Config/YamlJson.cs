using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SchedulerExtender.Kubernetes.Config;

/// <summary>
/// Converts YAML (possibly several documents) to System.Text.Json trees, so Core's readers see
/// the same shape whether configuration comes from a file or from the API server. Plain scalars
/// follow YAML 1.2's core schema (null, booleans, numbers); quoted scalars stay strings.
/// </summary>
public static partial class YamlJson
{
    /// <summary>One JSON node per document (null for an empty one). Throws <see cref="YamlException"/> with line and column on bad YAML.</summary>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed flow collections; bad input
            // must still come back as a YAML error, not crash the caller.
            throw new YamlException($"not valid YAML ({e.Message})", e);
        }

        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "aliases are not supported in configuration"),
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var o = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");
            }

            if (o.ContainsKey(name))
            {
                throw new YamlException(key.Start, key.End, $"duplicate key \"{name}\"");
            }

            o[name] = Convert(value);
        }

        return o;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
