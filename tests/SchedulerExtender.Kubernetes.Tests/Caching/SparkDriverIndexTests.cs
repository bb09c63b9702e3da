using System.Text.Json.Nodes;
using k8s.Models;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class SparkDriverIndexTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Knows_the_live_drivers_of_the_first_list_whether_built_before_or_after_it(bool builtAfterSync)
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        var driver = Create(api, "etl-driver", SparkLabels("driver"));
        var finished = Create(api, "old-driver", SparkLabels("driver"), phase: "Succeeded");
        var failed = Create(api, "crashed-driver", SparkLabels("driver"), phase: "Failed");
        var executor = Create(api, "etl-exec-1", SparkLabels("executor"));
        // spark-role alone is too generic a label: the webhook's classifier wants spark-app-selector too.
        var lookalike = Create(api, "lookalike", new JsonObject { ["spark-role"] = "driver" });
        var plain = Create(api, "web-0", new JsonObject { ["app"] = "web" });
        using var client = KubeClients.For(api);
        await using var pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client));
        var index = builtAfterSync ? null : new SparkDriverIndex(pods);

        await pods.StartAsync(CancellationToken.None);
        await pods.WaitForSyncAsync(CancellationToken.None);
        ISparkDriverLookup lookup = index ?? new SparkDriverIndex(pods);

        lookup.FindDriver(driver).Should().Be("default/etl-driver");
        foreach (var uid in new[] { finished, failed, executor, lookalike, plain, "never-seen" })
        {
            lookup.FindDriver(uid).Should().BeNull(uid);
        }
    }

    [Fact]
    public async Task Follows_drivers_that_arrive_finish_are_relabelled_and_go_one_change_at_a_time()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        var first = Create(api, "first-driver", SparkLabels("driver"));
        using var client = KubeClients.For(api);
        await using var pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client));
        var index = new SparkDriverIndex(pods);
        await pods.StartAsync(CancellationToken.None);
        await pods.WaitForSyncAsync(CancellationToken.None);
        index.Count.Should().Be(1);

        var second = Create(api, "second-driver", SparkLabels("driver"));
        var executor = Create(api, "exec-1", SparkLabels("executor"));
        await Eventually.HoldsAsync(() => index.FindDriver(second) == "default/second-driver", "a new driver is known");

        var done = api.Store.Get(KubeResources.Pods, "default", "first-driver");
        done["status"] = new JsonObject { ["phase"] = "Succeeded" };
        api.Store.Update(KubeResources.Pods, "default", "first-driver", done, statusOnly: true);
        await Eventually.HoldsAsync(() => index.FindDriver(first) is null, "a finished driver is forgotten");

        api.Store.Patch(KubeResources.Pods, "default", "exec-1", PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"spark-role":"driver"}}}""")!);
        await Eventually.HoldsAsync(() => index.FindDriver(executor) == "default/exec-1", "a pod relabelled as driver is known");

        api.Store.Delete(KubeResources.Pods, "default", "second-driver");
        await Eventually.HoldsAsync(() => index.FindDriver(second) is null, "a deleted driver is forgotten");
        index.Count.Should().Be(1);
    }

    private static JsonObject SparkLabels(string role) => new() { ["spark-app-selector"] = "spark-etl-0001", ["spark-role"] = role };

    /// <summary>Creates a pod bound to node-1 and returns the UID the API server gave it.</summary>
    private static string Create(EmbeddedKubeApi api, string name, JsonObject labels, string? phase = null)
    {
        var created = api.Store.Create(KubeResources.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = new JsonObject { ["nodeName"] = "node-1", ["containers"] = new JsonArray(new JsonObject { ["name"] = "main" }) },
        });
        if (phase is not null)
        {
            var pod = api.Store.Get(KubeResources.Pods, "default", name);
            pod["status"] = new JsonObject { ["phase"] = phase };
            api.Store.Update(KubeResources.Pods, "default", name, pod, statusOnly: true);
        }

        return created["metadata"]!["uid"]!.GetValue<string>();
    }
}
