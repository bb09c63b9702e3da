using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Disruption;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// <c>schedext serve</c> as manifests/overlays/beside-karpenter runs it: provisioner and disruption
/// controller off, Karpenter's NodeClaims in the cluster. The provisioner's service must end at
/// start-up — before it opens a NodeClaim cache, campaigns for the Lease or calls the cloud —
/// while the webhook and the extender serve.
/// </summary>
public sealed class BesideKarpenterServeTests
{
    [Fact]
    public async Task With_the_provisioner_off_serve_touches_no_node_claim_no_lease_and_no_cloud()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Url = "http://127.0.0.1:0" });
        var karpenters = api.Store.Create(KubeResources.NodeClaims, null, KarpenterClaim());
        var kubernetes = new k8s.KubernetesClientConfiguration { Host = api.BaseAddress.ToString().TrimEnd('/') };
        var configuration = new Dictionary<string, string?> { ["Provisioner:Enabled"] = "false", ["Disruption:Enabled"] = "false" };

        // The service's own client, with every request it sends recorded (the last registration wins).
        var requests = new RequestLog();
        await using var server = await RunningServer.StartAsync(configuration, services: s => s.AddSingleton<k8s.IKubernetes>(_ => new k8s.Kubernetes(kubernetes, requests)), kubernetes: kubernetes);
        await server.WaitUntilReadyAsync();
        var provisioner = server.Services.GetServices<IHostedService>().OfType<ProvisionerService>().Single();
        // Ended by itself (enabled, it runs until shutdown): nothing it could write comes later.
        await provisioner.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        provisioner.ExecuteTask.IsCompletedSuccessfully.Should().BeTrue();
        api.Store.List(KubeResources.Leases, null).Items.Should().BeEmpty("only the provisioner campaigns for a Lease");
        var after = api.Store.Get(KubeResources.NodeClaims, null, "default-abcde");
        ((string?)after["metadata"]!["resourceVersion"]).Should().Be((string?)karpenters["metadata"]!["resourceVersion"], "Karpenter's claim is not written");
        after["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f).Should().Equal("karpenter.sh/termination");
        requests.Requests.Should().NotBeEmpty("the webhook's and extender's caches list through this client");
        requests.Requests.Should().OnlyContain(r => r.StartsWith("GET ", StringComparison.Ordinal), "nothing is written");
        requests.Requests.Should().NotContain(r => r.Contains("/apis/karpenter", StringComparison.Ordinal) || r.Contains("coordination.k8s.io", StringComparison.Ordinal),
            "no NodePool, NodeClaim or ECSNodeClass is read (their CRDs need not exist) and no Lease");
    }

    // A claim as Karpenter's Alibaba Cloud provider leaves it: its finalizer, its hash annotations, a providerID.
    private static JsonObject KarpenterClaim()
    {
        var claim = KarpenterLeftovers.Claim("default-abcde", new JsonObject { ["karpenter.sh/nodepool"] = "default" }, "default", "spot");
        claim["status"] = new JsonObject { ["providerID"] = "cn-shenzhen.i-karpenter0001" };
        return claim;
    }
}
