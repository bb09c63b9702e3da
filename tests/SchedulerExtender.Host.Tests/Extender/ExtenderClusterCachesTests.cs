using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tests.Disruption;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>
/// In nodeCacheCapable mode through <c>schedext serve</c> connected to a Kubernetes API: node
/// details come from the node cache and the requests of pods already bound come from the pod
/// cache, so a pod that exactly fills a busy node scores above the same node left empty; a node
/// whose labels change is priced by its new labels (the scorer remembers prices per node version).
/// </summary>
public sealed class ExtenderClusterCachesTests
{
    [Fact]
    public async Task Fit_counts_the_pods_already_on_each_node_and_a_relabelled_node_is_priced_anew()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        foreach (var name in new[] { "node-busy", "node-empty" })
        {
            api.Store.Create(KubeResources.Nodes, null, JsonNode.Parse($$$$"""
                {"metadata":{"name":"{{{{name}}}}","labels":{"karpenter.sh/capacity-type":"spot","node.kubernetes.io/instance-type":"ecs.c7.xlarge","topology.kubernetes.io/zone":"cn-shenzhen-f"}},
                 "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"}}}
                """)!.AsObject());
        }

        api.Store.Create(KubeResources.Pods, "default", JsonNode.Parse("""
            {"metadata":{"name":"already-there"},"spec":{"nodeName":"node-busy","containers":[{"name":"c","resources":{"requests":{"cpu":"3","memory":"6Gi"}}}]}}
            """)!.AsObject());
        await using var server = await RunningServer.StartAsync(kubernetes: KubernetesConnection.ForUrl(api.BaseAddress));
        await server.WaitUntilReadyAsync();

        async Task<Dictionary<string, int>> Prioritize()
        {
            var args = new JsonObject { ["Pod"] = Pods.Executor(cpu: 1, memMiB: 2048), ["NodeNames"] = new JsonArray("node-busy", "node-empty") };
            using var response = await server.Https.PostAsync("/extender/prioritize", new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
                .ToDictionary(s => s!["Host"]!.GetValue<string>(), s => s!["Score"]!.GetValue<int>());
        }

        var scores = await Prioritize();
        scores["node-busy"].Should().BeGreaterThan(scores["node-empty"]);
        (await server.Https.GetStringAsync("/extender/explain")).Should().NotContain("allocatable only");

        // On demand, the same share of the same type costs several times the spot price.
        api.Store.Patch(KubeResources.Nodes, null, "node-empty", PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"karpenter.sh/capacity-type":"on-demand"}}}""")!);
        await DisruptionHarness.EventuallyAsync(async () => (await Prioritize())["node-empty"] < scores["node-empty"],
            "the relabelled node is priced on demand once the node cache has the change");
    }
}
