using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Config;
using YamlDotNet.Core;

namespace SchedulerExtender.Host.Cli;

/// <summary>
/// <c>schedext migrate-from-karpenter</c>: converts Karpenter's Alibaba Cloud ECSNodeClasses to
/// schedext's and points NodePools at them (<see cref="KarpenterMigration"/>). Converted objects go
/// to stdout (or <c>-o</c>) as multi-document YAML, warnings and errors to stderr. Exit code 0: all
/// converted; 1: some objects or documents could not be (the others are still written); 2: the
/// input could not be read.
/// </summary>
public static partial class MigrateFromKarpenterCommand
{
    private const string Name = "migrate-from-karpenter";

    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f")
        {
            Description = "YAML file, directory of .yaml/.yml/.json files, or - for stdin (e.g. kubectl get ecsnodeclasses.karpenter.alibabacloud.com,nodepools -o yaml).",
            Required = true,
        };
        var output = new Option<string?>("--output", "-o") { Description = "File to write the converted objects to; default: stdout." };
        var command = new Command(Name, "Convert Karpenter's Alibaba Cloud ECSNodeClasses to schedext's and point NodePools at them.") { file, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var inputs = await ReadInputsAsync(parse.GetValue(file)!, cancellationToken).ConfigureAwait(false);
                return await RunAsync(inputs, parse.GetValue(output), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"schedext {Name}: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<(string Source, string Text)> inputs, string? output, CancellationToken cancellationToken)
    {
        var failed = false;
        var written = new List<JsonNode?>();
        foreach (var (source, text) in inputs)
        {
            foreach (var (document, index, error) in Parse(text))
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{source}: document {index}");
                if (error is not null)
                {
                    failed = true;
                    await Console.Error.WriteLineAsync($"error: {where}{error}").ConfigureAwait(false);
                    continue;
                }

                foreach (var migrated in KarpenterMigration.MigrateDocument(document, where))
                {
                    foreach (var warning in migrated.Result.Warnings)
                    {
                        await Console.Error.WriteLineAsync($"warning: {migrated.Source}: {warning}").ConfigureAwait(false);
                    }

                    foreach (var e in migrated.Result.Errors)
                    {
                        failed = true;
                        await Console.Error.WriteLineAsync($"error: {migrated.Source}: {e}").ConfigureAwait(false);
                    }

                    if (migrated.Result.Document is { } converted)
                    {
                        written.Add(converted);
                    }
                }
            }
        }

        var yaml = YamlWriter.Write(written);
        if (output is null)
        {
            await Console.Out.WriteAsync(yaml).ConfigureAwait(false);
        }
        else
        {
            await File.WriteAllTextAsync(output, yaml, cancellationToken).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{written.Count} object(s) written{(failed ? "; some could not be converted (see errors above)" : "")}")).ConfigureAwait(false);
        return failed ? 1 : 0;
    }

    // Each document is parsed on its own, so a bad one is named by its number (and line) and the
    // others are still migrated. A line "---" (or "--- ...") at column 0 always starts a document:
    // inside a block scalar such a line would have to be indented.
    private static IEnumerable<(JsonNode? Document, int Index, string? Error)> Parse(string text)
    {
        var chunks = Split(text);
        for (var i = 0; i < chunks.Count; i++)
        {
            IReadOnlyList<JsonNode?> parsed;
            string? error = null;
            try
            {
                parsed = YamlJson.Parse(chunks[i].Text);
            }
            catch (YamlException e)
            {
                parsed = [];
                error = string.Create(CultureInfo.InvariantCulture, $" (line {chunks[i].FirstLine + e.Start.Line - 1}): {e.Message}");
            }

            if (error is not null)
            {
                yield return (null, i + 1, error);
            }

            foreach (var node in parsed)
            {
                yield return (node, i + 1, null);
            }
        }
    }

    private static List<(string Text, int FirstLine)> Split(string text)
    {
        var chunks = new List<(string Text, int FirstLine)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new List<string>();
        var first = 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (DocumentStart().IsMatch(lines[i]))
            {
                Flush();
                first = i + 1;
            }

            current.Add(lines[i]);
        }

        Flush();
        return chunks;

        void Flush()
        {
            // Comments and blank lines before the first "---" make no document.
            if (current.Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#') && !DocumentStart().IsMatch(l)))
            {
                chunks.Add((string.Join('\n', current), first));
            }

            current = [];
        }
    }

    private static async Task<IReadOnlyList<(string Source, string Text)>> ReadInputsAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return [("stdin", await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false))];
        }

        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path)
                .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new ArgumentException($"{path}: no .yaml, .yml or .json files");
            }

            var texts = new List<(string, string)>();
            foreach (var f in files)
            {
                texts.Add((f, await File.ReadAllTextAsync(f, cancellationToken).ConfigureAwait(false)));
            }

            return texts;
        }

        return [(path, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))];
    }

    [GeneratedRegex(@"^---(\s.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentStart();
}
