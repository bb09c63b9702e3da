using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Reads a set of documents (one YAML stream or a cluster listing) into a
/// <see cref="ProvisioningConfig"/>: each document by its kind, then the cross-document checks
/// (unique names, every nodeClassRef names an ECSNodeClass). Errors are prefixed with the
/// document's position and name so a multi-document file points at the right one. Any error
/// rejects the whole set: the caller keeps its previous configuration.
/// </summary>
public static class ProvisioningConfigReader
{
    /// <param name="documents">The parsed documents.</param>
    /// <param name="sources">Where each document came from (a file name), for messages; by default its position.</param>
    public static ConfigReadResult<ProvisioningConfig> Read(IReadOnlyList<JsonNode?> documents, IReadOnlyList<string>? sources = null)
    {
        var errors = new List<ConfigError>();
        var pools = new List<NodePool>();
        var classes = new List<EcsNodeClass>();
        for (var i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            if (doc is null)
            {
                continue; // an empty document between separators
            }

            var kind = JsonStrings.AsString((doc as JsonObject)?["kind"]);
            var source = sources is not null && i < sources.Count ? sources[i] : $"document {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            var prefix = $"{source} ({kind ?? "no kind"} {NameOf(doc) ?? "unnamed"})";
            switch (kind)
            {
                case NodePoolReader.Kind:
                    Collect(NodePoolReader.Read(doc), pools, errors, prefix);
                    break;
                case EcsNodeClassReader.Kind:
                    Collect(EcsNodeClassReader.Read(doc), classes, errors, prefix);
                    break;
                default:
                    errors.Add(new ConfigError($"{prefix} kind", $"expected {NodePoolReader.Kind} or {EcsNodeClassReader.Kind}"));
                    break;
            }
        }

        Duplicates(pools.Select(p => p.Name), NodePoolReader.Kind, errors);
        Duplicates(classes.Select(c => c.Name), EcsNodeClassReader.Kind, errors);
        foreach (var pool in pools)
        {
            var reference = pool.NodeClassRef;
            var path = $"{NodePoolReader.Kind} {pool.Name} spec.template.spec.nodeClassRef";
            if (reference.Kind != EcsNodeClassReader.Kind || reference.Group != "karpenter.k8s.alibabacloud")
            {
                errors.Add(new ConfigError(path, $"must reference group karpenter.k8s.alibabacloud, kind {EcsNodeClassReader.Kind}"));
            }
            else if (classes.All(c => c.Name != reference.Name))
            {
                errors.Add(new ConfigError($"{path}.name", $"no {EcsNodeClassReader.Kind} named \"{reference.Name}\""));
            }
        }

        return errors.Count == 0
            ? new(new ProvisioningConfig(
                [.. pools.OrderBy(p => p.Name, StringComparer.Ordinal)],
                [.. classes.OrderBy(c => c.Name, StringComparer.Ordinal)]), [])
            : new(null, errors);
    }

    private static void Collect<T>(ConfigReadResult<T> result, List<T> into, List<ConfigError> errors, string prefix)
        where T : class
    {
        if (result.Value is { } value && result.IsValid)
        {
            into.Add(value);
        }

        errors.AddRange(result.Errors.Select(e => e with { Path = $"{prefix} {e.Path}" }));
    }

    private static void Duplicates(IEnumerable<string> names, string kind, List<ConfigError> errors)
    {
        foreach (var name in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal))
        {
            errors.Add(new ConfigError($"{kind} {name} metadata.name", "is defined more than once"));
        }
    }

    private static string? NameOf(JsonNode doc) =>
        JsonStrings.AsString((doc["metadata"] as JsonObject)?["name"]);
}
