using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SchedulerExtender.Kubernetes.Config;

/// <summary>
/// Writes System.Text.Json trees as YAML documents that <see cref="YamlJson.Parse"/> reads back to
/// the same trees: a string that would read as null, a boolean or a number (<c>"true"</c>,
/// <c>"20"</c>, <c>""</c>) is quoted, numbers and booleans are plain.
/// </summary>
public static partial class YamlWriter
{
    /// <summary>The documents separated by <c>---</c> lines, each ending with a newline.</summary>
    public static string Write(IEnumerable<JsonNode?> documents)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var document in documents)
        {
            text.WriteLine("---");
            var stream = new YamlStream(new YamlDocument(Convert(document)));
            var one = new StringWriter(CultureInfo.InvariantCulture);
            stream.Save(one, assignAnchors: false);
            // YamlStream closes each document with "...": drop it, the next "---" separates them.
            text.Write(one.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().TrimEnd('.').TrimEnd() + "\n");
        }

        return text.ToString();
    }

    private static YamlNode Convert(JsonNode? node) => node switch
    {
        JsonObject o => new YamlMappingNode(o.Select(p => new KeyValuePair<YamlNode, YamlNode>(Scalar(p.Key), Convert(p.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(Convert)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        JsonValue v => new YamlScalarNode(v.ToJsonString()) { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
    };

    // A string reads back as a string when YamlJson would not take its plain form for null, a
    // boolean or a number (YAML 1.2's core schema, and YAML 1.1's yes/no/on/off, hex and timestamps,
    // which kubectl's parser still takes for booleans, numbers and times); the emitter quotes what is not plain-safe itself.
    private static YamlScalarNode Scalar(string text)
    {
        var ambiguous = text is "" or "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            || Yaml11Boolean().IsMatch(text) || Number().IsMatch(text) || Timestamp().IsMatch(text);
        // Multi-line text (user data scripts) reads best as a literal block; the emitter falls back
        // to quoting when a literal cannot hold it (trailing spaces).
        var style = ambiguous ? ScalarStyle.DoubleQuoted : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any;
        return new YamlScalarNode(text) { Style = style };
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex("^(y|n|yes|no|on|off)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Yaml11Boolean();

    [GeneratedRegex(@"^[-+]?(0[xXoO][0-9a-fA-F]+|\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
