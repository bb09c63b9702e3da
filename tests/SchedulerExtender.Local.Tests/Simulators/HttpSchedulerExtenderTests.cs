using k8s.Models;
using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class HttpSchedulerExtenderTests
{
    private static readonly V1Node[] Nodes = [Node("a"), Node("b"), Node("c")];

    [Fact]
    public async Task NodeCacheCapable_sends_names_only_in_kube_schedulers_field_names_over_https()
    {
        await using var server = await TestExtenderServer.StartAsync();
        server.Answers["filter"] = """{"nodenames":["a","c"],"failedNodes":{"b":"spot node for a driver"},"FailedAndUnresolvableNodes":{"c2":"gone"},"error":""}""";
        var extender = HttpSchedulerExtender.Create(Config(server, nodeCacheCapable: true));

        var result = await extender.FilterAsync(ClusterHarness.Pod("driver"), Nodes, CancellationToken.None);

        var body = server.LastBody("filter");
        body.Select(p => p.Key).Should().Equal("Pod", "Nodes", "NodeNames");
        body["Nodes"].Should().BeNull();
        body["NodeNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("a", "b", "c");
        body["Pod"]!["metadata"]!["name"]!.GetValue<string>().Should().Be("driver");
        body["Pod"]!.AsObject().ContainsKey("kind").Should().BeFalse();
        body["Pod"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>().Should().Be("1");
        result.NodeNames.Should().Equal("a", "c");
        result.FailedNodes.Should().BeEquivalentTo(new Dictionary<string, string> { ["b"] = "spot node for a driver", ["c2"] = "gone" });
    }

    [Fact]
    public async Task Without_node_cache_the_nodes_travel_as_a_NodeList_and_come_back_as_one()
    {
        await using var server = await TestExtenderServer.StartAsync();
        server.Answers["filter"] = """{"Nodes":{"items":[{"metadata":{"name":"b"}}]},"NodeNames":null}""";
        var extender = HttpSchedulerExtender.Create(Config(server, nodeCacheCapable: false));

        var result = await extender.FilterAsync(ClusterHarness.Pod("p"), Nodes, CancellationToken.None);

        var body = server.LastBody("filter");
        body["NodeNames"].Should().BeNull();
        body["Nodes"]!["items"]!.AsArray().Select(n => n!["metadata"]!["name"]!.GetValue<string>()).Should().Equal("a", "b", "c");
        body["Nodes"]!["items"]![0]!.AsObject().ContainsKey("apiVersion").Should().BeFalse();
        result.NodeNames.Should().Equal("b");
    }

    [Fact]
    public async Task Prioritize_reads_the_host_priority_list()
    {
        await using var server = await TestExtenderServer.StartAsync();
        server.Answers["prioritize"] = """[{"Host":"a","Score":7},{"host":"b","score":0}]""";

        var scores = await HttpSchedulerExtender.Create(Config(server, true)).PrioritizeAsync(ClusterHarness.Pod("p"), Nodes, CancellationToken.None);

        scores.Should().Equal(new ExtenderHostScore("a", 7), new ExtenderHostScore("b", 0));
        server.LastBody("prioritize")["NodeNames"]!.AsArray().Should().HaveCount(3);
    }

    [Theory]
    [InlineData("""{"NodeNames":[],"Error":"pod has no spec"}""", "*pod has no spec*")]
    [InlineData("""{"NodeNames":["a","zzz"]}""", "*\"zzz\"*not in the input node list*")]
    [InlineData("""not json""", "*filter*")]
    public async Task Bad_answers_are_extender_errors(string answer, string message)
    {
        await using var server = await TestExtenderServer.StartAsync();
        server.Answers["filter"] = answer;

        var call = () => HttpSchedulerExtender.Create(Config(server, true)).FilterAsync(ClusterHarness.Pod("p"), Nodes, CancellationToken.None);

        await call.Should().ThrowAsync<SchedulerExtenderException>().WithMessage(message);
    }

    [Fact]
    public async Task A_certificate_outside_the_configured_trust_is_refused()
    {
        await using var server = await TestExtenderServer.StartAsync();
        var untrusted = Config(server, true) with { CaBundle = null };

        var call = () => HttpSchedulerExtender.Create(untrusted).FilterAsync(ClusterHarness.Pod("p"), Nodes, CancellationToken.None);

        await call.Should().ThrowAsync<SchedulerExtenderException>();
        server.Requests.Should().BeEmpty();
    }

    private static ExtenderConfig Config(TestExtenderServer server, bool nodeCacheCapable) => new()
    {
        UrlPrefix = server.UrlPrefix,
        FilterVerb = "filter",
        PrioritizeVerb = "prioritize",
        Weight = 5,
        NodeCacheCapable = nodeCacheCapable,
        Ignorable = true,
        HttpTimeout = TimeSpan.FromSeconds(30),
        CaBundle = server.CertificatePem,
    };

    private static V1Node Node(string name) => new() { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = name } };
}
