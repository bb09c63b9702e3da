using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class PodLifecycleTests
{
    private const string Pods = "api/v1/namespaces/default/pods";

    [Fact]
    public async Task Binding_assigns_the_node_once()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Pods, KubeObjects.Pod("p1"));
        var binding = JsonNode.Parse("""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p1"},"target":{"apiVersion":"v1","kind":"Node","name":"n1"}}""")!;

        var (code, status) = await http.PostAsync($"{Pods}/p1/binding", binding);
        var again = await http.PostAsync($"{Pods}/p1/binding", binding);

        code.Should().Be(HttpStatusCode.Created);
        status.Str("status").Should().Be("Success");
        var pod = (await http.GetAsync($"{Pods}/p1")).Body;
        pod.Str("spec", "nodeName").Should().Be("n1");
        pod["status"]!["conditions"]!.AsArray().Should().Contain(c => c.Str("type") == "PodScheduled" && c.Str("status") == "True");
        again.ShouldBeFailure(409, "Conflict").Str("message").Should().Contain("already assigned to node \"n1\"");
        (await http.PostAsync($"{Pods}/missing/binding", JsonNode.Parse("""{"target":{"name":"n1"}}""")!)).ShouldBeFailure(404, "NotFound");
    }

    [Fact]
    public async Task Eviction_without_a_budget_deletes_the_pod()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Pods, KubeObjects.Pod("p1", nodeName: "n1", phase: "Running"));

        var (code, _) = await http.PostAsync($"{Pods}/p1/eviction", Eviction("p1"));

        code.Should().Be(HttpStatusCode.Created);
        (await http.GetAsync($"{Pods}/p1")).ShouldBeFailure(404, "NotFound");
    }

    [Theory]
    [InlineData("minAvailable", "2", 2, false)]
    [InlineData("minAvailable", "1", 2, true)]
    [InlineData("minAvailable", "\"100%\"", 2, false)]
    [InlineData("minAvailable", "\"50%\"", 2, true)]
    [InlineData("minAvailable", "\"51%\"", 2, false)]
    [InlineData("maxUnavailable", "0", 2, false)]
    [InlineData("maxUnavailable", "1", 2, true)]
    [InlineData("maxUnavailable", "\"34%\"", 3, true)]
    [InlineData("maxUnavailable", "\"33%\"", 3, true)]
    [InlineData("maxUnavailable", "\"0%\"", 3, false)]
    public async Task Eviction_honours_the_disruption_budget(string field, string value, int runningPods, bool allowed)
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var spark = new Dictionary<string, string> { ["app"] = "spark" };
        for (var i = 0; i < runningPods; i++)
        {
            await http.PostAsync(Pods, KubeObjects.Pod($"p{i}", labels: spark, nodeName: "n1", phase: "Running"));
        }

        await http.PostAsync(Pods, KubeObjects.Pod("unrelated", nodeName: "n1", phase: "Running"));
        await http.PostAsync("apis/policy/v1/namespaces/default/poddisruptionbudgets", KubeObjects.Budget("spark-pdb", "default", "spark", JsonNode.Parse(value)!, field));

        var response = await http.PostAsync($"{Pods}/p0/eviction", Eviction("p0"));
        var unrelated = await http.PostAsync($"{Pods}/unrelated/eviction", Eviction("unrelated"));

        unrelated.Code.Should().Be(HttpStatusCode.Created);
        if (allowed)
        {
            response.Code.Should().Be(HttpStatusCode.Created);
            (await http.GetAsync($"{Pods}/p0")).ShouldBeFailure(404, "NotFound");
        }
        else
        {
            var status = response.ShouldBeFailure(429, "TooManyRequests");
            status.Str("message").Should().Be("Cannot evict pod as it would violate the pod's disruption budget.");
            status["details"]!["causes"]![0]!.Str("reason").Should().Be("DisruptionBudget");
            status["details"]!["causes"]![0]!.Str("message").Should().Contain("spark-pdb");
            (await http.GetAsync($"{Pods}/p0")).Code.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_budget_counts_only_healthy_pods_and_terminal_pods_always_go()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var spark = new Dictionary<string, string> { ["app"] = "spark" };
        await http.PostAsync(Pods, KubeObjects.Pod("running", labels: spark, nodeName: "n1", phase: "Running"));
        await http.PostAsync(Pods, KubeObjects.Pod("pending", labels: spark, phase: "Pending"));
        await http.PostAsync(Pods, KubeObjects.Pod("done", labels: spark, nodeName: "n1", phase: "Succeeded"));
        await http.PostAsync("apis/policy/v1/namespaces/default/poddisruptionbudgets", KubeObjects.Budget("pdb", "default", "spark", JsonValue.Create(1)));

        (await http.PostAsync($"{Pods}/running/eviction", Eviction("running"))).ShouldBeFailure(429, "TooManyRequests");
        (await http.PostAsync($"{Pods}/pending/eviction", Eviction("pending"))).Code.Should().Be(HttpStatusCode.Created);
        (await http.PostAsync($"{Pods}/done/eviction", Eviction("done"))).Code.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Graceful_termination_waits_for_the_kubelet()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Store = new KubeStoreOptions { GracefulPodTermination = true } });
        using var http = new KubeHttp(api);
        await http.PostAsync(Pods, KubeObjects.Pod("bound", nodeName: "n1", phase: "Running"));
        await http.PostAsync(Pods, KubeObjects.Pod("unbound"));

        (await http.PostAsync($"{Pods}/bound/eviction", Eviction("bound"))).Code.Should().Be(HttpStatusCode.Created);
        await http.DeleteAsync($"{Pods}/unbound");

        var terminating = (await http.GetAsync($"{Pods}/bound")).Body;
        terminating.Str("metadata", "deletionTimestamp").Should().NotBeNullOrEmpty();
        terminating["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>().Should().Be(30);
        (await http.GetAsync($"{Pods}/unbound")).ShouldBeFailure(404, "NotFound");
        (await http.PostAsync($"{Pods}/bound/binding", JsonNode.Parse("""{"target":{"name":"n2"}}""")!)).ShouldBeFailure(409, "Conflict");

        // The kubelet simulator finishes termination by deleting with grace period 0.
        await http.DeleteAsync($"{Pods}/bound", JsonNode.Parse("""{"gracePeriodSeconds":0}"""));
        (await http.GetAsync($"{Pods}/bound")).ShouldBeFailure(404, "NotFound");
    }

    private static JsonObject Eviction(string name) =>
        JsonNode.Parse($$$"""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"{{{name}}}","namespace":"default"}}""")!.AsObject();
}
