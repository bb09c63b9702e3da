using System.Text.Json.Nodes;
using SchedulerExtender.Core.Catalog;
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
        await using var serve = await ClusterConfiguredServe.StartAsync();
        var (api, client) = (serve.Api, serve.Client);

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
}
