using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests;

/// <summary>The official KubernetesClient works against the embedded API unchanged: typed CRUD, errors, subresources.</summary>
public sealed class EmbeddedApiClientTests
{
    [Fact]
    public async Task Typed_crud_round_trips_and_errors_decode_as_Status()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);

        var created = await client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "default");
        var stale = await client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        created.Metadata.Labels = new Dictionary<string, string> { ["spark-role"] = "driver" };
        var replaced = await client.CoreV1.ReplaceNamespacedPodAsync(created, "p1", "default");
        stale.Metadata.Labels = new Dictionary<string, string> { ["spark-role"] = "executor" };

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedPodAsync(stale, "p1", "default"));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("nope", "default"));

        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        replaced.Metadata.Labels.Should().ContainKey("spark-role").WhoseValue.Should().Be("driver");
        conflict.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        KubernetesJson.Deserialize<V1Status>(conflict.Response.Content).Reason.Should().Be("Conflict");
        missing.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "spark-role=driver")).Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Patches_binding_and_eviction_through_the_client()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p1", "app"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p2", "app"), "default");
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget
            {
                Metadata = new V1ObjectMeta { Name = "pdb" },
                Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "app" } } },
            },
            "default");

        await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding { Metadata = new V1ObjectMeta { Name = "p1" }, Target = new V1ObjectReference { Kind = "Node", Name = "n1" } }, "p1", "default");
        await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding { Metadata = new V1ObjectMeta { Name = "p2" }, Target = new V1ObjectReference { Kind = "Node", Name = "n1" } }, "p2", "default");
        foreach (var name in new[] { "p1", "p2" })
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), name, "default");
        }

        await client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "p1", NamespaceProperty = "default" } }, "p1", "default");
        var blocked = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = "p2", NamespaceProperty = "default" } }, "p2", "default"));

        blocked.Response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var remaining = await client.CoreV1.ListNamespacedPodAsync("default");
        remaining.Items.Should().ContainSingle().Which.Spec.NodeName.Should().Be("n1");
        remaining.Items[0].Status.Phase.Should().Be("Running");
    }

    [Fact]
    public async Task Custom_resources_and_leases_are_served()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);

        await client.CustomObjects.CreateClusterCustomObjectAsync(
            new Dictionary<string, object> { ["apiVersion"] = "karpenter.sh/v1", ["kind"] = "NodeClaim", ["metadata"] = new Dictionary<string, object> { ["name"] = "nc1" } },
            "karpenter.sh", "v1", "nodeclaims");
        await client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "schedext-leader" }, Spec = new V1LeaseSpec { HolderIdentity = "pod-a", LeaseDurationSeconds = 15 } }, "kube-system");

        api.Store.Get(KubeResources.NodeClaims, null, "nc1").Name().Should().Be("nc1");
        (await client.CoordinationV1.ReadNamespacedLeaseAsync("schedext-leader", "kube-system")).Spec.HolderIdentity.Should().Be("pod-a");
    }

    private static V1Pod Pod(string name, string? app = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "spark:3.5" }] },
    };
}
