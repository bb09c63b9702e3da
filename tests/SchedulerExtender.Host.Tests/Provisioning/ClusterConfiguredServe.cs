using System.Text.Json.Nodes;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Kubernetes.Config;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// <c>schedext serve</c> wired as in a cluster: the article's NodePool and ECSNodeClass are custom
/// objects in an embedded Kubernetes API (as <c>kubectl apply</c> would create them), credentials
/// come from a mounted secret folder, the cloud is the ECS emulator, and the provisioner's timing
/// is shortened to tenths of a second.
/// </summary>
internal sealed class ClusterConfiguredServe : IAsyncDisposable
{
    private ClusterConfiguredServe(EmbeddedKubeApi api, EcsEmulatorServer ecs, RunningServer server, k8s.Kubernetes client) =>
        (Api, Ecs, Server, Client) = (api, ecs, server, client);

    public EmbeddedKubeApi Api { get; }

    public EcsEmulatorServer Ecs { get; }

    public RunningServer Server { get; }

    public k8s.Kubernetes Client { get; }

    /// <param name="seed">Creates more objects in the API before the server starts.</param>
    /// <param name="settings">Configuration besides (or over) the provisioner's shortened defaults.</param>
    public static async Task<ClusterConfiguredServe> StartAsync(Action<EmbeddedKubeApi>? seed = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Url = "http://127.0.0.1:0" });
        var ecs = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions
        {
            PendingDuration = TimeSpan.Zero,
            StartingDuration = TimeSpan.Zero,
            SeedNetworkTags = new Dictionary<string, string> { [ArticleProvisioningConfig.DiscoveryTag] = ArticleProvisioningConfig.ClusterName },
        }));
        api.Store.Create(KubeResources.NodePools, null, Yaml(ArticleProvisioningConfig.NodePool));
        api.Store.Create(KubeResources.EcsNodeClasses, null, Yaml(ArticleProvisioningConfig.NodeClass));
        seed?.Invoke(api);
        var secrets = Directory.CreateTempSubdirectory("schedext-secret-").FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, SecretFileCredentialSource.AccessKeyIdFile), EcsEmulatorOptions.DefaultAccessKeyId);
        await File.WriteAllTextAsync(Path.Combine(secrets, SecretFileCredentialSource.AccessKeySecretFile), EcsEmulatorOptions.DefaultAccessKeySecret);
        var configuration = new Dictionary<string, string?>
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
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var kubernetes = new k8s.KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') };
        var server = await RunningServer.StartAsync(configuration, kubernetes: kubernetes);
        return new ClusterConfiguredServe(api, ecs, server, new k8s.Kubernetes(kubernetes));
    }

    /// <summary>The one object of a YAML document, as JSON.</summary>
    public static JsonObject Yaml(string text) => YamlJson.Parse(text).Single()!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Ecs.DisposeAsync();
        await Api.DisposeAsync();
    }
}
