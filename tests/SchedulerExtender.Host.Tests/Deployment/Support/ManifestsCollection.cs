namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>Manifest test classes share one set of rendered kustomizations.</summary>
[CollectionDefinition(Name)]
public sealed class ManifestsCollection : ICollectionFixture<RenderedManifests>
{
    public const string Name = "Rendered manifests";
}
