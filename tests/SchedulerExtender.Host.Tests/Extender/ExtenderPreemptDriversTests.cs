using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>
/// The preempt verb spares running Spark drivers, end to end through <c>schedext serve</c>: kube-scheduler's
/// exact ExtenderPreemptionArgs posted over HTTPS, the exact ExtenderPreemptionResult checked. With
/// <c>NodeNameToMetaVictims</c> (nodeCacheCapable) victims are UIDs, looked up in the pod cache
/// kept from a real list+watch of the embedded Kubernetes API; with <c>NodeNameToVictims</c> the
/// whole victim pods carry their labels.
/// </summary>
public sealed class ExtenderPreemptDriversTests
{
    private const string Prefix = "{\"NodeNameToMetaVictims\":{";

    [Fact]
    public async Task Meta_victims_are_recognised_as_drivers_through_the_pod_cache_and_follow_its_changes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        foreach (var (name, capacity) in new[] { ("od-1", "on-demand"), ("od-2", "on-demand"), ("od-3", "on-demand"), ("spot-1", "spot") })
        {
            api.Store.Create(KubeResources.Nodes, null, JsonNode.Parse($$$$"""
                {"metadata":{"name":"{{{{name}}}}","labels":{"karpenter.sh/capacity-type":"{{{{capacity}}}}","node.kubernetes.io/instance-type":"ecs.g7.xlarge","topology.kubernetes.io/zone":"cn-hangzhou-h"}},
                 "status":{"allocatable":{"cpu":"4","memory":"16Gi","pods":"110"}}}
                """)!.AsObject());
        }

        api.Store.Create(KubeResources.Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"spark"}}""")!.AsObject());
        var etlDriver = Bind(api, Pods.Driver(app: "etl", ns: "spark"), "od-1");
        var etlExecutor = Bind(api, Pods.Executor(app: "etl", ns: "spark"), "od-2");
        var web = Bind(api, Pods.Plain("web-0"), "od-3");
        var reportDriver = Bind(api, Pods.Driver(app: "report", ns: "spark"), "spot-1");
        await using var server = await RunningServer.StartAsync(kubernetes: KubernetesConnection.ForUrl(api.BaseAddress));
        await server.WaitUntilReadyAsync();
        var preemptor = SparkPod("");

        // od-1 would evict the etl driver; od-2 an executor; od-3 a pod no cache has seen (not a driver).
        var mixed = MetaVictimsArgs(preemptor, ("od-1", [etlDriver, etlExecutor], 0), ("od-2", [etlExecutor], 1), ("od-3", ["never-seen-uid"], 0));
        (await PreemptAsync(server, mixed)).Should().Be(Prefix
            + $$$$"""
              "od-2":{"Pods":[{"UID":"{{{{etlExecutor}}}}"}],"NumPDBViolations":1},"od-3":{"Pods":[{"UID":"never-seen-uid"}],"NumPDBViolations":0}}}
              """.Trim());

        // Every candidate evicts a driver: all stay, kube-scheduler keeps its choice.
        var allDrivers = MetaVictimsArgs(preemptor, ("od-1", [etlDriver], 0), ("spot-1", [web, reportDriver], 0));
        (await PreemptAsync(server, allDrivers)).Should().Be(Prefix
            + $$$$"""
              "od-1":{"Pods":[{"UID":"{{{{etlDriver}}}}"}],"NumPDBViolations":0},"spot-1":{"Pods":[{"UID":"{{{{web}}}}"},{"UID":"{{{{reportDriver}}}}"}],"NumPDBViolations":0}}}
              """.Trim());

        // A Spark driver preempting: the filter takes spot-1 out first, then od-1 goes for its driver.
        var driverPreemptor = SparkPod("driver");
        var withFilter = MetaVictimsArgs(driverPreemptor, ("od-1", [etlDriver], 0), ("od-2", [etlExecutor], 0), ("spot-1", [web], 0));
        (await PreemptAsync(server, withFilter)).Should().Be(Prefix
            + $$$$"""
              "od-2":{"Pods":[{"UID":"{{{{etlExecutor}}}}"}],"NumPDBViolations":0}}}
              """.Trim());

        // The only driver-free candidate is one the filter refuses: the driver's node is all that is left, and stays.
        var onlyDriverLeft = MetaVictimsArgs(driverPreemptor, ("od-1", [etlDriver], 0), ("spot-1", [web], 0));
        (await PreemptAsync(server, onlyDriverLeft)).Should().Be(Prefix
            + $$$$"""
              "od-1":{"Pods":[{"UID":"{{{{etlDriver}}}}"}],"NumPDBViolations":0}}}
              """.Trim());

        var explain = await server.Https.GetStringAsync("/extender/explain?limit=4");
        explain.Should().Contain("\"reason\":\"evicts_spark_driver\"").And.Contain("spark/etl-driver").And.Contain("\"reason\":\"driver_on_spot\"");
        var metrics = await server.Http.GetStringAsync("/metrics");
        metrics.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"evicts_spark_driver\"} 2");
        metrics.Should().Contain("schedext_extender_preemption_nodes_removed_total{reason=\"driver_on_spot\"} 2");

        // The etl driver finishes and is deleted: od-1 evicts no driver any more.
        api.Store.Delete(KubeResources.Pods, "spark", "etl-driver");
        await Eventually.HoldsAsync(async () => (await PreemptAsync(server, mixed)).Contains("\"od-1\":", StringComparison.Ordinal),
            "od-1 is kept once the pod cache has seen its driver go");

        // A new driver lands on od-2: once the cache has it, od-2 is the one taken out.
        var newDriver = Bind(api, Pods.Driver(app: "late", ns: "spark"), "od-2");
        var late = MetaVictimsArgs(preemptor, ("od-2", [newDriver], 0), ("od-3", [web], 0));
        await Eventually.HoldsAsync(async () => !(await PreemptAsync(server, late)).Contains("\"od-2\":", StringComparison.Ordinal),
            "od-2 is taken out once the pod cache knows its new driver");
        (await PreemptAsync(server, late)).Should().Be(Prefix
            + $$$$"""
              "od-3":{"Pods":[{"UID":"{{{{web}}}}"}],"NumPDBViolations":0}}}
              """.Trim());
    }

    [Fact]
    public async Task Whole_victim_pods_are_judged_by_their_own_labels_without_a_pod_cache()
    {
        await using var server = await RunningServer.StartAsync();
        var driver = SparkVictimPod("etl-driver", "d-1", "driver");
        var executor = SparkVictimPod("etl-exec-1", "e-1", "executor");
        // spark-role=driver without spark-app-selector is not a Spark pod to the classifier the webhook uses.
        var lookalike = VictimPod("driver-lookalike", "l-1").Replace("\"app\":\"report\"", "\"spark-role\":\"driver\"", StringComparison.Ordinal);

        // A preemptor the filter leaves alone: without a node cache, any other would lose every candidate as unknown.
        var args = VictimsArgs(SparkPod(""), ("od-a", [driver, executor], 0), ("od-b", [executor], 0), ("od-c", [lookalike], 2));
        (await PreemptAsync(server, args)).Should().Be(
            """{"NodeNameToMetaVictims":{"od-b":{"Pods":[{"UID":"e-1"}],"NumPDBViolations":0},"od-c":{"Pods":[{"UID":"l-1"}],"NumPDBViolations":2}}}""");

        var onlyDrivers = VictimsArgs(SparkPod(""), ("od-a", [driver], 0), ("od-b", [SparkVictimPod("bi-driver", "d-2", "driver")], 0));
        (await PreemptAsync(server, onlyDrivers)).Should().Be(
            """{"NodeNameToMetaVictims":{"od-a":{"Pods":[{"UID":"d-1"}],"NumPDBViolations":0},"od-b":{"Pods":[{"UID":"d-2"}],"NumPDBViolations":0}}}""");

        var badLabels = VictimsArgs(SparkPod(""), ("od-a", ["""{"metadata":{"name":"etl-driver","namespace":"spark","uid":"d-1","labels":["spark-role"]}}"""], 0));
        using var response = await server.Https.PostAsync("/extender/preempt", new StringContent(badLabels, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("NodeNameToVictims[od-a].Pods[0].metadata.labels must be a JSON object");
    }

    /// <summary>Creates the pod bound to <paramref name="node"/> and returns the UID the API server gave it.</summary>
    private static string Bind(EmbeddedKubeApi api, JsonObject pod, string node)
    {
        pod["spec"]!["nodeName"] = node;
        var created = api.Store.Create(KubeResources.Pods, pod["metadata"]!["namespace"]!.GetValue<string>(), pod);
        return created["metadata"]!["uid"]!.GetValue<string>();
    }

    private static async Task<string> PreemptAsync(RunningServer server, string args)
    {
        using var response = await server.Https.PostAsync("/extender/preempt", new StringContent(args, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return body;
    }
}
