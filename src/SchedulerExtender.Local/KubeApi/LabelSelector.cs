using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A label selector: the query-string form ("app=spark,role in (driver,executor),!canary") or the
/// meta/v1 LabelSelector object (matchLabels, matchExpressions). Requirements are ANDed; an empty
/// selector matches everything.
/// </summary>
public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses the query-string syntax; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector(SplitTopLevel(text).Select(ParseRequirement).ToArray());
    }

    /// <summary>Reads a meta/v1 LabelSelector object. A null selector matches nothing (as for PodDisruptionBudgets).</summary>
    public static LabelSelector? FromJson(JsonNode? selector)
    {
        if (selector is not JsonObject obj)
        {
            return null;
        }

        var requirements = new List<LabelRequirement>();
        if (obj["matchLabels"] is JsonObject matchLabels)
        {
            requirements.AddRange(matchLabels.Select(p => new LabelRequirement(p.Key, LabelOperator.In, [KubeObject.AsString(p.Value) ?? string.Empty])));
        }

        foreach (var expression in (obj["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = expression.StringAt("key") ?? throw new FormatException("matchExpressions entry without key");
            var values = (expression["values"] as JsonArray ?? []).Select(KubeObject.AsString).OfType<string>().ToArray();
            var op = expression.StringAt("operator") switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                "DoesNotExist" => LabelOperator.DoesNotExist,
                var other => throw new FormatException($"unknown matchExpressions operator \"{other}\""),
            };
            requirements.Add(new LabelRequirement(key, op, values));
        }

        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseRequirement(string part)
    {
        var text = part.Trim();
        if (text.StartsWith('!'))
        {
            return new LabelRequirement(ValidKey(text[1..], part), LabelOperator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", LabelOperator.NotIn), ("==", LabelOperator.In), ("=", LabelOperator.In) })
        {
            var at = text.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(ValidKey(text[..at], part), op, [text[(at + token.Length)..].Trim()]);
            }
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && text.EndsWith(')'))
        {
            var head = text[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var op = head.Length == 2 ? head[1] switch { "in" => LabelOperator.In, "notin" => LabelOperator.NotIn, _ => (LabelOperator?)null } : null;
            if (op is null)
            {
                throw new FormatException($"unable to parse requirement \"{part}\": expected \"key in (values)\" or \"key notin (values)\"");
            }

            var values = text[(open + 1)..^1].Split(',').Select(v => v.Trim()).ToArray();
            return new LabelRequirement(ValidKey(head[0], part), op.Value, values);
        }

        return new LabelRequirement(ValidKey(text, part), LabelOperator.Exists, []);
    }

    private static string ValidKey(string key, string part)
    {
        var trimmed = key.Trim();
        return trimmed.Length > 0 && !trimmed.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '=' or '!')
            ? trimmed
            : throw new FormatException($"unable to parse requirement \"{part}\": invalid label key \"{trimmed}\"");
    }

    // Commas separate requirements except inside "in (a,b)" value lists.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0 || depth > 1)
            {
                throw new FormatException($"unbalanced parentheses in label selector \"{text}\"");
            }

            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        if (depth != 0)
        {
            throw new FormatException($"unbalanced parentheses in label selector \"{text}\"");
        }

        yield return text[start..];
    }
}
