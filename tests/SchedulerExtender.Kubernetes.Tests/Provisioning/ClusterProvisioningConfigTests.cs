using System.Text.Json.Nodes;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Kubernetes.Tests.Config;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

/// <summary>The article's NodePool and ECSNodeClass as custom objects in the API, watched into the provisioner's configuration.</summary>
public sealed class ClusterProvisioningConfigTests
{
    private static readonly ListWatchCacheOptions FastRetry = new() { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task Reads_the_articles_objects_and_follows_an_edit_without_relisting()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        CreateSeedObjects(api);
        using var client = KubeClients.For(api);
        await using var cluster = new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), FastRetry);

        var (config, errors) = await cluster.RefreshAsync(CancellationToken.None);

        errors.Should().BeEmpty();
        config.NodePools.Should().ContainSingle().Which.Name.Should().Be("ecsnodepool");
        config.NodeClasses.Should().ContainSingle().Which.Name.Should().Be("defaultnodeclass");
        config.NodePools[0].Weight.Should().Be(0);

        api.Store.Patch(KubeResources.NodePools, null, "ecsnodepool", PatchType.Merge, JsonNode.Parse("""{"spec":{"weight":30}}""")!);
        await Eventually.HoldsAsync(async () => (await cluster.RefreshAsync(CancellationToken.None)).Config.NodePools[0].Weight == 30, "the edit is in force");
        api.Store.OpenWatchCount.Should().Be(2, "one watch per kind, not a list per pass");
    }

    [Fact]
    public async Task A_bad_edit_is_reported_once_and_the_last_good_configuration_stays()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        CreateSeedObjects(api);
        using var client = KubeClients.For(api);
        await using var cluster = new ClusterProvisioningConfig(client, new ProvisioningConfigSource(), FastRetry);
        var good = (await cluster.RefreshAsync(CancellationToken.None)).Config;

        api.Store.Patch(KubeResources.NodePools, null, "ecsnodepool", PatchType.Merge, JsonNode.Parse("""{"spec":{"weight":"heavy"}}""")!);
        var reported = new List<string>();
        await Eventually.HoldsAsync(async () =>
        {
            var (config, errors) = await cluster.RefreshAsync(CancellationToken.None);
            config.Should().BeSameAs(good);
            reported.AddRange(errors.Select(e => e.ToString()));
            return reported.Count > 0;
        }, "the bad edit is rejected");
        var (again, errorsAgain) = await cluster.RefreshAsync(CancellationToken.None);

        reported.Should().ContainSingle().Which.Should().Contain("weight");
        errorsAgain.Should().BeEmpty("an unchanged bad object is not reported on every pass");
        again.Should().BeSameAs(good);

        // A status write (the leader's own) changes the resourceVersion, not the spec: not reported again.
        var written = api.Store.Patch(KubeResources.NodePools, null, "ecsnodepool", PatchType.Merge, JsonNode.Parse("""{"status":{"resources":{"nodes":"0"}}}""")!, statusOnly: true);
        await Eventually.HoldsAsync(async () => (await cluster.ObjectsAsync(CancellationToken.None)).NodePools.Single().Metadata.ResourceVersion == written["metadata"]!["resourceVersion"]!.ToString(), "the status write reaches the cache");
        (await cluster.RefreshAsync(CancellationToken.None)).Errors.Should().BeEmpty("a status write is no edit");

        api.Store.Delete(KubeResources.NodePools, null, "ecsnodepool");
        await Eventually.HoldsAsync(async () => (await cluster.RefreshAsync(CancellationToken.None)).Config.NodePools.Count == 0, "deleting the pool removes it");
    }

    private static void CreateSeedObjects(EmbeddedKubeApi api)
    {
        api.Store.Create(KubeResources.NodePools, null, Seed("nodepool.yaml"));
        api.Store.Create(KubeResources.EcsNodeClasses, null, Seed("nodeclass.yaml"));
    }

    private static JsonObject Seed(string file) => YamlJson.Parse(File.ReadAllText(SharedSeed.File(file))).Single()!.AsObject();
}
