using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>
/// A custom object of any kind (NodePool, ECSNodeClass) as a typed object a
/// <see cref="ListWatchCache{T}"/> can hold: the metadata is read, everything else (spec, status)
/// is kept as raw JSON for the kind's own reader.
/// </summary>
public sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Every other top-level field, unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; set; } = [];
}
