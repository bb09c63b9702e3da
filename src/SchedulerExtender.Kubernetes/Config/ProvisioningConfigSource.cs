using SchedulerExtender.Core.Config;
using YamlDotNet.Core;

namespace SchedulerExtender.Kubernetes.Config;

/// <summary>
/// The provisioner's current configuration, from YAML files (local mode, simulation). An update
/// that does not parse or validate is rejected with its errors and the previous valid
/// configuration stays in force. Thread-safe: readers see either the old or the new whole.
/// </summary>
public sealed class ProvisioningConfigSource
{
    private ProvisioningConfig current = ProvisioningConfig.Empty;

    public ProvisioningConfig Current => Volatile.Read(ref current);

    /// <summary>Reads the files as one set (e.g. nodepool.yaml and nodeclass.yaml).</summary>
    public IReadOnlyList<ConfigError> LoadFiles(params string[] paths)
    {
        var texts = new List<(string Source, string Yaml)>();
        foreach (var path in paths)
        {
            try
            {
                texts.Add((path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [new ConfigError(path, $"cannot be read: {e.Message}")];
            }
        }

        return Load(texts);
    }

    /// <summary>Applies YAML texts (with a source name for messages) as one configuration set.</summary>
    public IReadOnlyList<ConfigError> Load(IReadOnlyList<(string Source, string Yaml)> texts)
    {
        var documents = new List<System.Text.Json.Nodes.JsonNode?>();
        var sources = new List<string>();
        foreach (var (source, yaml) in texts)
        {
            try
            {
                var docs = YamlJson.Parse(yaml);
                documents.AddRange(docs);
                sources.AddRange(docs.Select(_ => source));
            }
            catch (YamlException e)
            {
                // Errors YamlJson wraps carry no position.
                var where = e.InnerException is not InvalidOperationException ? $"{source} line {e.Start.Line}, column {e.Start.Column}" : source;
                return [new ConfigError(where, e.Message)];
            }
        }

        var result = ProvisioningConfigReader.Read(documents, sources);
        if (result is { IsValid: true, Value: { } config })
        {
            Volatile.Write(ref current, config);
            return [];
        }

        return result.Errors;
    }
}
