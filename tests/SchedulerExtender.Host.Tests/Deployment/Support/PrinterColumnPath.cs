using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>
/// Evaluates the subset of kubectl JSONPath used by additionalPrinterColumns: dotted fields with
/// escaped dots (<c>.metadata.labels.karpenter\.sh/nodepool</c>) and an equality filter
/// (<c>.status.conditions[?(@.type=="Ready")].status</c>).
/// </summary>
internal static partial class PrinterColumnPath
{
    public static string? Evaluate(JsonNode? root, string path)
    {
        if (!path.StartsWith('.'))
        {
            throw new FormatException($"A printer column path starts with '.': {path}");
        }

        var current = root;
        foreach (var (field, filter) in Segments(path[1..]))
        {
            current = current?[field];
            if (filter is not null)
            {
                var match = FilterPattern().Match(filter);
                if (!match.Success)
                {
                    throw new FormatException($"Unsupported filter {filter} in {path}");
                }

                current = (current as JsonArray)?.FirstOrDefault(
                    item => (string?)item?[match.Groups["key"].Value] == match.Groups["value"].Value);
            }
        }

        return current?.ToString();
    }

    private static IEnumerable<(string Field, string? Filter)> Segments(string path)
    {
        var field = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '\\' when i + 1 < path.Length:
                    field.Append(path[++i]);
                    break;
                case '.':
                    yield return (field.ToString(), null);
                    field.Clear();
                    break;
                case '[':
                    var end = path.IndexOf(']', i);
                    if (end < 0)
                    {
                        throw new FormatException($"Unclosed '[' in {path}");
                    }

                    yield return (field.ToString(), path[i..(end + 1)]);
                    field.Clear();
                    i = end + 1 < path.Length && path[end + 1] == '.' ? end + 1 : end;
                    break;
                default:
                    field.Append(path[i]);
                    break;
            }
        }

        if (field.Length > 0)
        {
            yield return (field.ToString(), null);
        }
    }

    [GeneratedRegex("""^\[\?\(@\.(?<key>[A-Za-z]+)=="(?<value>[^"]*)"\)\]$""")]
    private static partial Regex FilterPattern();
}
