using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>The list form of <see cref="CustomResource"/>, as a list call returns it.</summary>
public sealed class CustomResourceList : IKubernetesObject<V1ListMeta>, IItems<CustomResource>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<CustomResource> Items { get; set; } = [];
}
