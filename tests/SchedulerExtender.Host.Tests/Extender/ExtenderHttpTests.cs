using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing.Scoring;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>kube-scheduler's requests posted to the real <c>schedext serve</c> over loopback HTTPS.</summary>
public sealed class ExtenderHttpTests : IAsyncLifetime
{
    private readonly InMemoryNodeCache cache = new InMemoryNodeCache()
        .Add(TestNodes.Spot("spot-a"), TestNodes.Resources(2, 4))
        .Add(TestNodes.OnDemand("od-b"), TestNodes.Resources(0, 0));

    private readonly TablePriceSource prices = new TablePriceSource()
        .With("ecs.g7.xlarge", TestNodes.Zone, CapacityType.Spot, 0.2, SpotInterruption.FromThirtyDayReleaseRate(0.02))
        .With("ecs.g7.xlarge", TestNodes.Zone, CapacityType.OnDemand, 1.0);

    private RunningServer server = null!;

    public async Task InitializeAsync() => server = await RunningServer.StartAsync(services: services =>
    {
        services.AddSingleton<IPriceSource>(prices);
        services.AddSingleton<INodeSource>(cache);
        services.AddSingleton<INodeUsage>(cache);
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Filter_in_node_names_mode_answers_in_the_wire_format()
    {
        var (status, type, body) = await Post(server.Https, "/extender/filter", NamesArgs(SparkPod("driver"), "spot-a", "od-b"));

        status.Should().Be(HttpStatusCode.OK);
        type.Should().Be("application/json");
        const string onSpot = "Spark driver must not run on spot capacity (node label karpenter.sh/capacity-type=spot)";
        body.Should().Be($$"""{"Nodes":null,"NodeNames":["od-b"],"FailedNodes":{},"FailedAndUnresolvableNodes":{"spot-a":"{{onSpot}}"},"Error":""}""");
    }

    [Fact]
    public async Task Preempt_keeps_only_the_candidates_the_filter_would_let_the_pod_onto()
    {
        var (status, type, body) = await Post(server.Https, "/extender/preempt",
            MetaVictimsArgs(SparkPod("driver"), ("spot-a", ["uid-1"], 0), ("od-b", ["uid-2"], 0)));

        status.Should().Be(HttpStatusCode.OK);
        type.Should().Be("application/json");
        body.Should().Be("""{"NodeNameToMetaVictims":{"od-b":{"Pods":[{"UID":"uid-2"}],"NumPDBViolations":0}}}""");
    }

    [Fact]
    public async Task Prioritize_in_node_names_mode_uses_the_registered_cache_prices_and_usage()
    {
        // spot-a: price 1 (0.05/pod-hour vs 0.25), fit 0.75, risk 0.9 -> 8.8 -> 9
        // od-b:   price 0.2, fit 0.25, risk 1 -> 4.8 -> 5
        var (status, _, body) = await Post(server.Https, "/extender/prioritize", NamesArgs(SparkPod("executor"), "spot-a", "od-b"));

        status.Should().Be(HttpStatusCode.OK);
        body.Should().Be("""[{"Host":"spot-a","Score":9},{"Host":"od-b","Score":5}]""");
    }

    [Fact]
    public async Task A_full_node_list_larger_than_the_webhooks_body_limit_is_accepted()
    {
        var nodes = Enumerable.Range(0, 4_000).Select(i => Node($"n{i}", i % 2 == 0 ? "spot" : "on-demand")).ToArray();
        var request = FullArgs(SparkPod("driver"), nodes);
        request.Length.Should().BeGreaterThan(7 * 1024 * 1024);

        var (status, _, body) = await Post(server.Https, "/extender/filter", request);

        status.Should().Be(HttpStatusCode.OK);
        var items = JsonNode.Parse(body)!["Nodes"]!["items"]!.AsArray();
        items.Should().HaveCount(2_000);
        items.Select(n => n!.ToJsonString()).Should().Equal(nodes.Where((_, i) => i % 2 == 1));
    }

    [Fact]
    public async Task Malformed_body_is_a_400_with_the_reason()
    {
        var (status, type, body) = await Post(server.Https, "/extender/prioritize", """{"Pod":{"metadata":{}},"NodeNames":["a",]}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        type.Should().StartWith("text/plain");
        body.Should().StartWith("request body is not valid JSON");
    }

    [Fact]
    public async Task Extender_verbs_are_served_on_the_tls_listener_only()
    {
        var (status, _, _) = await Post(server.Http, "/extender/filter", NamesArgs(SparkPod("driver"), "od-b"));

        status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Explain_shows_the_last_decisions_with_reasons_and_metrics_count_them()
    {
        await Post(server.Https, "/extender/prioritize", NamesArgs(SparkPod("executor"), "spot-a", "od-b"));

        var explain = JsonNode.Parse(await server.Https.GetStringAsync("/extender/explain?limit=1"))!;
        var decision = explain["decisions"]![0]!;
        decision["verb"]!.GetValue<string>().Should().Be("prioritize");
        decision["pod"]!.GetValue<string>().Should().Be("spark/spark-pi-executor");
        decision["topScores"]![0]!["node"]!.GetValue<string>().Should().Be("spot-a");
        decision["topScores"]![0]!["reason"]!.GetValue<string>().Should().Be("spot 0.2 CNY/h, share 0.25, price 1.00, fit 0.75, risk low");

        var metrics = await server.Http.GetStringAsync("/metrics");
        metrics.Should().Contain("schedext_extender_request_duration_seconds_count{verb=\"prioritize\"} 1");
        metrics.Should().Contain("schedext_extender_nodes_considered_sum{verb=\"prioritize\"} 2");
    }

    [Fact]
    public async Task Placement_settings_come_from_the_webhook_section()
    {
        await using var custom = await RunningServer.StartAsync(
            new Dictionary<string, string?> { ["Webhook:CapacityTypeLabel"] = "example.com/lifecycle", ["Webhook:SpotValues:0"] = "preemptible" },
            services => services.AddSingleton<INodeSource>(new InMemoryNodeCache()
                .Add(NodeInfo.Named("pre", new Dictionary<string, string> { ["example.com/lifecycle"] = "preemptible" }))
                .Add(NodeInfo.Named("std", new Dictionary<string, string> { ["example.com/lifecycle"] = "standard" }))));

        var (_, _, body) = await Post(custom.Https, "/extender/filter", NamesArgs(SparkPod("driver"), "pre", "std"));

        JsonNode.Parse(body)!["NodeNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("std");
    }

    [Fact]
    public async Task Invalid_extender_options_stop_the_server_at_start_up()
    {
        var start = () => RunningServer.StartAsync(new Dictionary<string, string?> { ["Extender:PriceWeight"] = "-1" });

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("Extender: PriceWeight must be a finite number >= 0");
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> Post(HttpClient client, string path, string json)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
