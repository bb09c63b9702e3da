using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// The production wiring of <c>schedext serve</c> in a cluster: no configuration files, the NodePool
/// and ECSNodeClass are custom objects in the API (the article's, created as <c>kubectl apply</c>
/// would), credentials come from a mounted secret folder, and the cloud is the ECS emulator.
/// </summary>
public sealed class ClusterConfiguredProvisionerTests
{
    [Fact]
    public async Task Launches_from_the_nodepool_in_the_cluster_and_follows_its_edits()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Url = "http://127.0.0.1:0" });
        await using var ecs = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions
        {
            PendingDuration = TimeSpan.Zero,
            StartingDuration = TimeSpan.Zero,
            SeedNetworkTags = new Dictionary<string, string> { [ArticleProvisioningConfig.DiscoveryTag] = ArticleProvisioningConfig.ClusterName },
        }));
        api.Store.Create(KubeResources.NodePools, null, Yaml(ArticleProvisioningConfig.NodePool));
        api.Store.Create(KubeResources.EcsNodeClasses, null, Yaml(ArticleProvisioningConfig.NodeClass));
        var secrets = Directory.CreateTempSubdirectory("schedext-secret-").FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, SecretFileCredentialSource.AccessKeyIdFile), EcsEmulatorOptions.DefaultAccessKeyId);
        await File.WriteAllTextAsync(Path.Combine(secrets, SecretFileCredentialSource.AccessKeySecretFile), EcsEmulatorOptions.DefaultAccessKeySecret);
        var kubernetes = new KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') };
        await using var server = await RunningServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Provisioner:Enabled"] = "true",
                ["Provisioner:Region"] = "cn-shenzhen",
                ["Provisioner:ClusterId"] = ArticleProvisioningConfig.ClusterName,
                ["Provisioner:Endpoint"] = ecs.BaseAddress.ToString(),
                ["Provisioner:CredentialsDirectory"] = secrets,
                ["Provisioner:BatchIdle"] = "00:00:00.100",
                ["Provisioner:BatchMax"] = "00:00:01",
                ["Provisioner:PollInterval"] = "00:00:00.100",
                ["Provisioner:LeaseNamespace"] = "default",
            },
            kubernetes: kubernetes);
        using var client = new k8s.Kubernetes(kubernetes);

        await UnschedulablePods.CreateAsync(client, "first", cpu: "2");
        var first = await UnschedulablePods.WaitForClaimAsync(client, c => c.ProviderId is not null);

        first.Labels.Should().Contain("karpenter.sh/nodepool", "ecsnodepool");
        first.Spec.CapacityTypes.Should().Contain(CapacityType.Spot);

        // The pool is edited in the cluster to on-demand only: the next launch follows the edit.
        api.Store.Patch(KubeResources.NodePools, null, "ecsnodepool", PatchType.Json, JsonNode.Parse("""
            [{"op":"replace","path":"/spec/template/spec/requirements/2/values","value":["on-demand"]}]
            """)!);
        // Too big for the first claim's node, so it needs a claim of its own.
        await UnschedulablePods.CreateAsync(client, "second", cpu: "12");
        var second = await UnschedulablePods.WaitForClaimAsync(client, c => c.Name != first.Name);

        second.Spec.CapacityTypes.Should().Equal(CapacityType.OnDemand);
    }

    private static JsonObject Yaml(string text) => YamlJson.Parse(text).Single()!.AsObject();
}
