using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// NodeClaim objects (cluster-scoped <c>karpenter.sh/v1</c> custom objects) through KubernetesClient:
/// create with generateName, get, list, status and label updates as JSON merge patches (custom
/// resources take no strategic merge patch), delete, and our finalizer's removal.
/// </summary>
public sealed class NodeClaimStore(IKubernetes client)
{
    public async Task<NodeClaimResource> CreateAsync(JsonObject claim, CancellationToken cancellationToken)
    {
        var created = await client.CustomObjects.CreateClusterCustomObjectAsync(
            claim, NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        return NodeClaimJson.Parse(ToJsonObject(created));
    }

    /// <summary>Every NodeClaim; ones that cannot be read are reported to <paramref name="onInvalid"/> and skipped.</summary>
    public async Task<IReadOnlyList<NodeClaimResource>> ListAsync(Action<string, FormatException> onInvalid, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(
            NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        var claims = new List<NodeClaimResource>();
        foreach (var item in ToJsonObject(list)["items"] as JsonArray ?? [])
        {
            if (item is not JsonObject claim)
            {
                continue;
            }

            try
            {
                claims.Add(NodeClaimJson.Parse(claim));
            }
            catch (FormatException e)
            {
                onInvalid(claim["metadata"]?["name"]?.ToString() ?? "?", e);
            }
        }

        return claims;
    }

    /// <summary>
    /// One NodeClaim read from the API server (a quorum read, unlike the watch cache); null when it
    /// does not exist. For a destructive decision that must not rest on a cache that may lag.
    /// </summary>
    public async Task<NodeClaimResource?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var claim = await client.CustomObjects.GetClusterCustomObjectAsync(
                NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name, cancellationToken).ConfigureAwait(false);
            return NodeClaimJson.Parse(ToJsonObject(claim));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task PatchStatusAsync(string name, JsonObject status, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            MergePatch(new JsonObject { ["status"] = status }), NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name, cancellationToken: cancellationToken);

    public Task PatchLabelsAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchClusterCustomObjectAsync(
            MergePatch(LabelsPatch(labels)), NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name, cancellationToken: cancellationToken);

    /// <summary>Sets metadata.annotations (a null value removes the key), leaving the others.</summary>
    public Task PatchAnnotationsAsync(string name, IReadOnlyDictionary<string, string?> annotations, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchClusterCustomObjectAsync(
            MergePatch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)(a.Value is null ? null : JsonValue.Create(a.Value))))]) } }),
            NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name, cancellationToken: cancellationToken);

    /// <summary>Deletes the claim (with our finalizer it stays, marked deleting, until <see cref="RemoveFinalizerAsync"/>); a missing claim is no error.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(
                NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Removes our finalizer, keeping any others (a merge patch replaces the list).</summary>
    public async Task RemoveFinalizerAsync(NodeClaimResource claim, CancellationToken cancellationToken)
    {
        if (!claim.Finalizers.Contains(NodeClaimResource.TerminationFinalizer))
        {
            return;
        }

        var rest = new JsonArray([.. claim.Finalizers.Where(f => f != NodeClaimResource.TerminationFinalizer).Select(f => (JsonNode)JsonValue.Create(f))]);
        try
        {
            await client.CustomObjects.PatchClusterCustomObjectAsync(
                MergePatch(new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = rest } }),
                NodeClaimJson.Group, NodeClaimJson.Version, NodeClaimJson.Plural, claim.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>A merge patch adding <paramref name="labels"/> to an object's metadata.labels.</summary>
    public static JsonObject LabelsPatch(IReadOnlyDictionary<string, string> labels) =>
        new() { ["metadata"] = new JsonObject { ["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))]) } };

    public static V1Patch MergePatch(JsonObject body) => new(body.ToJsonString(), V1Patch.PatchType.MergePatch);

    private static JsonObject ToJsonObject(object response) => response switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText()) as JsonObject,
        JsonObject node => node,
        _ => JsonNode.Parse(KubernetesJson.Serialize(response)) as JsonObject,
    } ?? throw new FormatException("The API server answered with something other than an object.");
}
