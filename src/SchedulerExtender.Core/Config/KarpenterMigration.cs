using System.Globalization;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Migrates the documents of <c>kubectl get ecsnodeclasses.karpenter.alibabacloud.com,nodepools -o yaml</c>
/// (or of the files they were applied from): a <c>List</c>'s items one by one, Karpenter's
/// ECSNodeClasses through <see cref="KarpenterEcsNodeClassConverter"/>, NodePools through
/// <see cref="KarpenterNodePoolRewriter"/>. Every converted object is then read back with schedext's
/// own reader, so what is written is what schedext accepts; anything else is skipped with a warning.
/// </summary>
public static class KarpenterMigration
{
    /// <summary>One result per object, in input order; <paramref name="documents"/> as parsed (null: an empty document), named "document 1", "document 2", ….</summary>
    public static IReadOnlyList<MigratedObject> Migrate(IReadOnlyList<JsonNode?> documents) =>
        [.. documents.SelectMany((d, i) => MigrateDocument(d, string.Create(CultureInfo.InvariantCulture, $"document {i + 1}")))];

    /// <summary>The objects of one document (several for a <c>List</c>), each named after <paramref name="source"/>.</summary>
    public static IReadOnlyList<MigratedObject> MigrateDocument(JsonNode? document, string source) => document switch
    {
        null => [],
        JsonObject list when Text(list["kind"]) is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && list["items"] is JsonArray items =>
            [.. items.Select((item, j) => One(item, string.Create(CultureInfo.InvariantCulture, $"{source}, items[{j}]")))],
        _ => [One(document, source)],
    };

    private static MigratedObject One(JsonNode? node, string source)
    {
        if (node is not JsonObject o)
        {
            return new(source, new(null, [], [new("", "the document must be an object")]));
        }

        var (apiVersion, kind) = (Text(o["apiVersion"]), Text(o["kind"]));
        var named = $"{source}: {kind ?? "(no kind)"} {Text(o["metadata"]?["name"]) ?? "(no name)"}";
        if (kind == EcsNodeClassReader.Kind && apiVersion == KarpenterEcsNodeClassConverter.SourceApiVersion)
        {
            return new(named, Checked(KarpenterEcsNodeClassConverter.Convert(o), d => EcsNodeClassReader.Read(d).Errors));
        }

        if (kind == NodePoolReader.Kind && apiVersion == NodePoolReader.ApiVersion)
        {
            return new(named, Checked(KarpenterNodePoolRewriter.Rewrite(o), d => NodePoolReader.Read(d).Errors));
        }

        var why = kind == EcsNodeClassReader.Kind && apiVersion == EcsNodeClassReader.ApiVersion
            ? "already schedext's ECSNodeClass"
            : $"only {KarpenterEcsNodeClassConverter.SourceApiVersion} ECSNodeClasses and {NodePoolReader.ApiVersion} NodePools are migrated";
        return new(named, new(null, [new("", $"skipped, not written: {why}")], []));
    }

    // A result schedext's reader refuses is refused here, naming the reader's errors, rather than
    // written for the cluster to refuse later.
    private static MigrationResult Checked(MigrationResult result, Func<JsonObject, IReadOnlyList<ConfigError>> read)
    {
        if (result.Document is not { } document || read(document) is not { Count: > 0 } errors)
        {
            return result;
        }

        return new(null, result.Warnings, [.. errors.Select(e => e with { Message = $"{e.Message} (schedext would refuse the result)" })]);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
