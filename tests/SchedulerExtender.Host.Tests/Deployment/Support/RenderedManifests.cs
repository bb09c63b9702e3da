using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>Each kustomization under manifests/ rendered once and shared by the manifest tests.</summary>
public sealed class RenderedManifests
{
    public static readonly string[] Overlays =
        ["overlays/cert-manager", "overlays/plain", "overlays/full", "overlays/beside-karpenter", "overlays/beside-karpenter-plain"];

    /// <summary>Stage 1 of the migration from Karpenter, with a cert-manager and an openssl certificate.</summary>
    public static readonly string[] BesideKarpenterOverlays = ["overlays/beside-karpenter", "overlays/beside-karpenter-plain"];

    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonObject>> _rendered = new();

    /// <summary>The objects of manifests/<paramref name="kustomization"/> (for example "overlays/plain").</summary>
    internal IReadOnlyList<JsonObject> Of(string kustomization) =>
        _rendered.GetOrAdd(kustomization, k => Kustomize.Render(Path.Combine(RepositoryLayout.Manifests, k)));
}
