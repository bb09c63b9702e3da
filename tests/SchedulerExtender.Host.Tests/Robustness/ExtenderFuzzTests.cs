using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Serving;
using Xunit.Abstractions;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// The extender's counterpart of <see cref="WebhookFuzzTests"/>: 100,000 generated ExtenderArgs
/// (driver, executor and other pods; 0–6 nodes with odd names, quantities, labels and taints; full
/// node list and NodeNames mode) and ExtenderPreemptionArgs built from them, most of them then
/// mutated, against <c>/extender/filter</c>, <c>/extender/prioritize</c> and <c>/extender/preempt</c>
/// of the running server. Every answer is 200, 400 or 413; every 200
/// is kube-scheduler's wire format and accounts for exactly the nodes asked about; the server
/// answers a valid request at the end and its live heap grows by less than
/// <see cref="ManagedHeap.GrowthBound"/>.
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
public sealed class ExtenderFuzzTests(ITestOutputHelper output)
{
    private const int Bodies = 100_000;
    private const int WarmUp = 5_000;
    private const int Workers = 8;

    [Fact]
    public async Task Generated_and_mutated_extender_args_never_get_a_5xx()
    {
        await using var server = await RunningServer.StartAsync();
        var random = new Random(20261124);
        var seeds = Enumerable.Range(0, 96).Select(i => Generate(random, namesMode: i % 2 == 1, preemption: false)).ToArray();
        var preemptionSeeds = Enumerable.Range(0, 48).Select(i => Generate(random, namesMode: i % 2 == 1, preemption: true)).ToArray();
        var run = new FuzzRun(server.Https, Workers);
        (string, byte[]) Body(JsonMutator mutator, int i)
        {
            // The three verbs in turn; filter and prioritize get the same ExtenderArgs.
            var verb = i % 3;
            var (raw, tree) = verb == 2 ? preemptionSeeds[i / 3 % preemptionSeeds.Length] : seeds[i / 3 % seeds.Length];
            var path = verb switch { 0 => "/extender/filter", 1 => "/extender/prioritize", _ => "/extender/preempt" };
            // Three in four are mutated; the rest go as generated (valid JSON, odd values).
            return (path, tree is not null && i % 4 != 0 ? mutator.Mutate(tree) : raw);
        }

        await run.SendAsync(0, WarmUp, Body, ExtenderAnswers.Check, seed: 1);
        var before = ManagedHeap.Measure();
        await run.SendAsync(0, Bodies, Body, ExtenderAnswers.Check, seed: 2);
        var after = ManagedHeap.Measure();
        output.WriteLine(ManagedHeap.Describe($"{Bodies + WarmUp} extender requests", before, after));
        output.WriteLine($"200: {run.Count(HttpStatusCode.OK)}, 400: {run.Count(HttpStatusCode.BadRequest)}, 413: {run.Count(HttpStatusCode.RequestEntityTooLarge)}");

        run.Failures.Take(20).Should().BeEmpty();
        run.ServerErrors.Should().Be(0);
        run.Count(HttpStatusCode.OK).Should().BeGreaterThan(Bodies / 5, "a good share of bodies are valid ExtenderArgs");
        run.Count(HttpStatusCode.BadRequest).Should().BeGreaterThan(Bodies / 20, "a good share of mutations break the args");
        using var alive = await server.Https.PostAsync("/extender/filter", new StringContent(
            FullArgs(SparkPod("driver"), Node("spot-1", "spot"), Node("od-1", "on-demand")), Encoding.UTF8, "application/json"));
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        var passing = JsonNode.Parse(await alive.Content.ReadAsStringAsync())!["Nodes"]!["items"]!.AsArray();
        passing.Select(n => n!["metadata"]!["name"]!.GetValue<string>()).Should().Equal("od-1");
        (after.HeapBytes - before.HeapBytes).Should().BeLessThan(ManagedHeap.GrowthBound, "the server keeps nothing per request");
    }

    /// <summary>Valid ExtenderArgs with odd but legal content; the tree is null when JsonNode cannot hold the body (a lone surrogate).</summary>
    private static (byte[] Raw, JsonObject? Tree) Generate(Random random, bool namesMode, bool preemption)
    {
        string[] pods =
        [
            SparkPod("driver"), SparkPod("executor"), SparkPod(""),
            SparkPod("executor", annotations: "\"schedext.io/executor-policy\":\"prefer-spot\""),
            SparkPod("driver", requests: "{\"cpu\":\"0\",\"memory\":\"1Ei\"}"),
            SparkPod("executor", requests: "{}"),
        ];
        string[] oddNames = ["", "dup", "dup", "n\\u00e9ud", "a\\\"b", "\\u0000", new string('n', 400), "x\\ud800y", "kube\\/node"];
        string?[] capacityTypes = ["spot", "on-demand", null, "SPOT", ""];
        string[] cpus = ["4", "0", "500m", "1e3", "0.001", "96"];
        string[] memories = ["16Gi", "0", "1Ei", "512Mi", "3.5G"];
        var names = Enumerable.Range(0, random.Next(0, 7))
            .Select(k => random.Next(6) == 0 ? oddNames[random.Next(oddNames.Length)] : $"node-{k}").ToArray();
        var pod = pods[random.Next(pods.Length)];
        // Preemption sends a Go map: its node names are distinct.
        var candidates = names.Distinct(StringComparer.Ordinal);
        var body = preemption && namesMode
            ? MetaVictimsArgs(pod, [.. candidates.Select((n, k) => (n, k % 3 == 0 ? Array.Empty<string>() : ["uid-" + n, "uid-2-" + k], k % 2))])
            : preemption
            ? VictimsArgs(pod, [.. candidates.Select((n, k) => (n, new[] { VictimPod("victim-" + k, random.Next(8) == 0 ? "" : "uid-" + k) }, 0))])
            : namesMode
            ? NamesArgs(pod, names)
            : FullArgs(pod, [.. names.Select(n => Node(n, capacityTypes[random.Next(capacityTypes.Length)],
                instanceType: random.Next(4) == 0 ? "ecs.unknown.type" : "ecs.g7.xlarge",
                cpu: cpus[random.Next(cpus.Length)], memory: memories[random.Next(memories.Length)],
                taints: random.Next(5) == 0 ? DisruptedTaint : "",
                annotations: random.Next(6) == 0 ? "\"schedext.io/spot-reclaim-at\":\"2026-11-24T01:00:00Z\"" : "\"a\":\"b\""))]);
        JsonObject? tree;
        try
        {
            tree = JsonNode.Parse(body)!.AsObject();
            _ = tree.ToJsonString();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            tree = null;
        }

        return (Encoding.UTF8.GetBytes(body), tree);
    }
}
