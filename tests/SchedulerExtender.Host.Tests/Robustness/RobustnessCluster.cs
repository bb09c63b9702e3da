using k8s;
using SchedulerExtender.Host.Demo;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// <c>schedext serve --local</c> in process with every delay shortened (as <c>QuickLocalCluster</c>),
/// plus an HTTPS client that trusts exactly its serving certificate, and the checks the robustness
/// scenarios share: waiting for conditions and for the cluster to be empty again.
/// </summary>
internal sealed class RobustnessCluster : IAsyncDisposable
{
    private RobustnessCluster(LocalCluster cluster, string folder)
    {
        Cluster = cluster;
        Folder = folder;
        Https = new HttpClient(RunningServer.TrustingHandler(folder)) { BaseAddress = cluster.TlsUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public LocalCluster Cluster { get; }

    public string Folder { get; }

    /// <summary>Webhook and extender, over HTTPS, trusting only this server's certificate.</summary>
    public HttpClient Https { get; }

    public EcsEmulator Ecs => Cluster.Ecs.Emulator;

    public IKubernetes Client => Cluster.Client;

    public static async Task<RobustnessCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Func<LocalClusterOptions, LocalClusterOptions>? adjust, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("schedext-robustness-").FullName;
        var cluster = await QuickLocalCluster.StartAsync(folder, settings, adjust, cancellationToken);
        return new RobustnessCluster(cluster, folder);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; false when <paramref name="timeout"/> passes first.</summary>
    public static Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.WithinAsync(condition, timeout, cancellationToken, TimeSpan.FromMilliseconds(250)); // each check lists the whole cluster

    /// <summary>What is left: instances in the emulator, Nodes and NodeClaims (all zero once consolidation is done).</summary>
    public async Task<(int Instances, int Nodes, int Claims)> LeftoversAsync(CancellationToken cancellationToken)
    {
        var nodes = await Client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
        var claims = await new NodeClaimStore(Client).ListAsync((_, _) => { }, cancellationToken);
        return (Ecs.ListInstances().Count, nodes.Items.Count, claims.Count);
    }

    public async ValueTask DisposeAsync()
    {
        Https.Dispose();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
