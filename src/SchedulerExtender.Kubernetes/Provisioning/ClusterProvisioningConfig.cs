using System.Text.Json;
using k8s;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Kubernetes.Config;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The NodePools (<c>karpenter.sh/v1</c>) and ECSNodeClasses (<c>karpenter.k8s.alibabacloud/v1alpha1</c>)
/// read from the cluster into a <see cref="ProvisioningConfigSource"/>: an invalid set is rejected
/// with its errors and the previous valid one stays in force.
/// </summary>
public sealed class ClusterProvisioningConfig(IKubernetes client, ProvisioningConfigSource source)
{
    /// <summary>Re-reads both lists; returns the configuration in force and the errors of a rejected update.</summary>
    public async Task<(ProvisioningConfig Config, IReadOnlyList<ConfigError> Errors)> RefreshAsync(CancellationToken cancellationToken)
    {
        var texts = new List<(string Source, string Yaml)>();
        foreach (var (group, version, plural) in new[] { ("karpenter.sh", "v1", "nodepools"), ("karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses") })
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            var json = list is JsonElement element ? element : JsonSerializer.SerializeToElement(list);
            if (json.TryGetProperty("items", out var items))
            {
                foreach (var item in items.EnumerateArray())
                {
                    var name = item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var n) ? n.GetString() : "?";
                    // JSON is YAML: the file reader validates objects from the cluster the same way.
                    texts.Add(($"{plural}/{name}", item.GetRawText()));
                }
            }
        }

        var errors = source.Load(texts);
        return (source.Current, errors);
    }
}
