using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>
/// manifests/components/keep-karpenter-crds, as stage 2 step 4 of the migration uses it: an overlay with
/// the provisioner that leaves Karpenter's karpenter.sh CRDs alone and changes nothing else.
/// </summary>
[Collection(ManifestsCollection.Name)]
public sealed class KeepKarpenterCrdsComponentTests(RenderedManifests manifests) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("overlays/cert-manager")]
    [InlineData("overlays/plain")]
    [InlineData("overlays/full")]
    public void Leaves_out_the_karpenter_sh_crds_and_nothing_else(string overlay)
    {
        var withComponent = RenderWithComponent(overlay);
        var without = manifests.Of(overlay);

        withComponent.OfKind("CustomResourceDefinition").Select(c => c.Name())
            .Should().Equal(["ecsnodeclasses.karpenter.k8s.alibabacloud"], "schedext's ECSNodeClass group does not collide with Karpenter's");
        var expected = without.Where(o => !((string)o["kind"]! == "CustomResourceDefinition" && o.Name().EndsWith(".karpenter.sh", StringComparison.Ordinal))).ToList();
        expected.Should().HaveCount(without.Count - 2);
        withComponent.Should().HaveCount(expected.Count);
        foreach (var obj in expected)
        {
            withComponent.Should().Contain(o => JsonNode.DeepEquals(o, obj), $"{obj["kind"]} {obj.Name()} is kept as it is");
        }
    }

    /// <summary>A user's overlay in a temporary folder: the given overlay plus the component (kustomize wants relative paths).</summary>
    private IReadOnlyList<JsonObject> RenderWithComponent(string overlay)
    {
        var manifestsFromTemp = Path.GetRelativePath(_temp.Path, RepositoryLayout.Manifests);
        File.WriteAllText(_temp.File("kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - {manifestsFromTemp}/{overlay}
            components:
              - {manifestsFromTemp}/components/keep-karpenter-crds
            """);
        return Kustomize.Render(_temp.Path);
    }
}
