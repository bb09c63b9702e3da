using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class CrudTests
{
    private const string Pods = "api/v1/namespaces/default/pods";

    [Fact]
    public async Task Create_fills_server_fields_and_get_returns_the_object()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);

        var (code, created) = await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        code.Should().Be(HttpStatusCode.Created);
        created.Str("kind").Should().Be("Pod");
        created.Str("apiVersion").Should().Be("v1");
        Guid.TryParse(created.Str("metadata", "uid"), out _).Should().BeTrue();
        DateTimeOffset.TryParse(created.Str("metadata", "creationTimestamp"), out _).Should().BeTrue();
        created["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
        created.Str("status", "phase").Should().Be("Pending");
        var (getCode, fetched) = await http.GetAsync($"{Pods}/p1");
        getCode.Should().Be(HttpStatusCode.OK);
        fetched.Str("metadata", "resourceVersion").Should().Be(created.Str("metadata", "resourceVersion"));
    }

    [Fact]
    public async Task Errors_are_Status_bodies()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        var duplicate = (await http.PostAsync(Pods, KubeObjects.Pod("p1"))).ShouldBeFailure(409, "AlreadyExists");
        duplicate.Str("message").Should().Be("pods \"p1\" already exists");
        duplicate.Str("details", "name").Should().Be("p1");
        duplicate.Str("details", "kind").Should().Be("pods");

        (await http.GetAsync($"{Pods}/missing")).ShouldBeFailure(404, "NotFound").Str("message").Should().Be("pods \"missing\" not found");
        (await http.GetAsync("apis/karpenter.sh/v1/nodeclaims/nc")).ShouldBeFailure(404, "NotFound").Str("details", "group").Should().Be("karpenter.sh");
        (await http.PostAsync("api/v1/namespaces/nowhere/pods", KubeObjects.Pod("p", "nowhere"))).ShouldBeFailure(404, "NotFound")
            .Str("message").Should().Be("namespaces \"nowhere\" not found");
        (await http.PostAsync(Pods, KubeObjects.Pod("Bad_Name"))).ShouldBeFailure(422, "Invalid");
        (await http.GetAsync("api/v1/widgets")).ShouldBeFailure(404, "NotFound");
        (await http.SendAsync(HttpMethod.Post, Pods, JsonValue.Create("not an object"))).ShouldBeFailure(400, "BadRequest");
        (await http.SendAsync(HttpMethod.Post, Pods, JsonNode.Parse("""{"metadata":{"name":"x","labels":[1]}}"""))).ShouldBeFailure(400, "BadRequest");
        (await http.PostAsync($"{Pods}?dryRun=All", KubeObjects.Pod("dry"))).ShouldBeFailure(400, "BadRequest");
        (await http.GetAsync($"{Pods}/dry")).ShouldBeFailure(404, "NotFound");
        (await http.PatchAsync($"{Pods}/p1", new JsonObject(), "application/apply-patch+yaml")).ShouldBeFailure(415, "UnsupportedMediaType");
        await http.PostAsync("apis/karpenter.sh/v1/nodeclaims", KubeObjects.NodeClaim("nc"));
        (await http.PatchAsync("apis/karpenter.sh/v1/nodeclaims/nc", new JsonObject(), "application/strategic-merge-patch+json")).ShouldBeFailure(415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_a_conflict()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var (_, created) = await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        var first = created.DeepClone().AsObject();
        first["metadata"]!["labels"] = new JsonObject { ["a"] = "1" };
        var (okCode, updated) = await http.PutAsync($"{Pods}/p1", first);
        var stale = created.DeepClone().AsObject();
        stale["metadata"]!["labels"] = new JsonObject { ["a"] = "2" };
        var conflict = (await http.PutAsync($"{Pods}/p1", stale)).ShouldBeFailure(409, "Conflict");

        okCode.Should().Be(HttpStatusCode.OK);
        long.Parse(updated.Str("metadata", "resourceVersion")).Should().BeGreaterThan(long.Parse(created.Str("metadata", "resourceVersion")));
        conflict.Str("message").Should().Contain("the object has been modified");
        (await http.GetAsync($"{Pods}/p1")).Body.Str("metadata", "labels", "a").Should().Be("1");
    }

    [Fact]
    public async Task Generation_counts_spec_changes_only_and_no_op_updates_keep_the_version()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var (_, created) = await http.PostAsync("apis/karpenter.sh/v1/nodepools", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "spark" }, ["spec"] = new JsonObject { ["weight"] = 1 } });

        var (_, labelled) = await http.PatchAsync("apis/karpenter.sh/v1/nodepools/spark", JsonNode.Parse("""{"metadata":{"labels":{"x":"y"}}}""")!, "application/merge-patch+json");
        var (_, respecced) = await http.PatchAsync("apis/karpenter.sh/v1/nodepools/spark", JsonNode.Parse("""{"spec":{"weight":2}}""")!, "application/merge-patch+json");
        var (_, unchanged) = await http.PatchAsync("apis/karpenter.sh/v1/nodepools/spark", JsonNode.Parse("""{"spec":{"weight":2}}""")!, "application/merge-patch+json");

        labelled["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
        respecced["metadata"]!["generation"]!.GetValue<long>().Should().Be(2);
        unchanged.Str("metadata", "resourceVersion").Should().Be(respecced.Str("metadata", "resourceVersion"));
        created.Str("metadata", "uid").Should().Be(unchanged.Str("metadata", "uid"));
    }

    [Fact]
    public async Task Status_subresource_separates_status_from_the_rest()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var claim = KubeObjects.NodeClaim("nc1");
        claim["status"] = new JsonObject { ["providerID"] = "ignored-on-create" };
        var (_, created) = await http.PostAsync("apis/karpenter.sh/v1/nodeclaims", claim);

        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["providerID"] = "alibabacloud:///cn-hangzhou.i-1" };
        withStatus["metadata"]!["labels"] = new JsonObject { ["ignored"] = "by-status" };
        var (_, afterStatus) = await http.PutAsync("apis/karpenter.sh/v1/nodeclaims/nc1/status", withStatus);
        var mainUpdate = afterStatus.DeepClone().AsObject();
        mainUpdate["status"] = new JsonObject { ["providerID"] = "ignored-by-main-resource" };
        var (_, afterMain) = await http.PutAsync("apis/karpenter.sh/v1/nodeclaims/nc1", mainUpdate);

        created["status"].Should().BeNull("a CRD status subresource ignores status on create");
        afterStatus.Str("status", "providerID").Should().Be("alibabacloud:///cn-hangzhou.i-1");
        afterStatus["metadata"]!["labels"]!["ignored"].Should().BeNull();
        afterMain.Str("status", "providerID").Should().Be("alibabacloud:///cn-hangzhou.i-1");
    }

    [Fact]
    public async Task Merge_strategic_and_json_patches_apply()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync(Pods, KubeObjects.Pod("p1", labels: new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" }));

        await http.PatchAsync($"{Pods}/p1", JsonNode.Parse("""{"metadata":{"labels":{"drop":null,"added":"yes"}}}""")!, "application/merge-patch+json");
        await http.PatchAsync($"{Pods}/p1", JsonNode.Parse("""{"metadata":{"annotations":{"a":"b"}}}""")!, "application/strategic-merge-patch+json");
        var (code, patched) = await http.PatchAsync($"{Pods}/p1", JsonNode.Parse("""[{"op":"add","path":"/metadata/labels/schedext.io~1role","value":"driver"}]""")!, "application/json-patch+json");
        var failedTest = await http.PatchAsync($"{Pods}/p1", JsonNode.Parse("""[{"op":"test","path":"/metadata/name","value":"other"}]""")!, "application/json-patch+json");

        code.Should().Be(HttpStatusCode.OK);
        var labels = patched["metadata"]!["labels"]!.AsObject();
        labels.Select(l => l.Key).Should().BeEquivalentTo("keep", "added", "schedext.io/role");
        patched.Str("metadata", "annotations", "a").Should().Be("b");
        failedTest.ShouldBeFailure(422, "Invalid");
    }

    [Fact]
    public async Task Generated_names_use_the_prefix()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var body = new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "spark-" } };

        var (_, first) = await http.PostAsync("apis/karpenter.sh/v1/nodeclaims", body);
        var (_, second) = await http.PostAsync("apis/karpenter.sh/v1/nodeclaims", body);

        first.Str("metadata", "name").Should().MatchRegex("^spark-[a-z0-9]{5}$");
        second.Str("metadata", "name").Should().NotBe(first.Str("metadata", "name"));
    }

    [Fact]
    public async Task Delete_waits_for_finalizers()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var claim = KubeObjects.NodeClaim("nc1");
        claim["metadata"]!["finalizers"] = new JsonArray("karpenter.sh/termination");
        await http.PostAsync("apis/karpenter.sh/v1/nodeclaims", claim);

        var (deleteCode, marked) = await http.DeleteAsync("apis/karpenter.sh/v1/nodeclaims/nc1");
        var (stillThere, _) = await http.GetAsync("apis/karpenter.sh/v1/nodeclaims/nc1");
        await http.PatchAsync("apis/karpenter.sh/v1/nodeclaims/nc1", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");

        deleteCode.Should().Be(HttpStatusCode.OK);
        marked.Str("metadata", "deletionTimestamp").Should().NotBeNullOrEmpty();
        stillThere.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("apis/karpenter.sh/v1/nodeclaims/nc1")).ShouldBeFailure(404, "NotFound");
    }

    [Fact]
    public async Task Delete_honours_preconditions_and_removes()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var (_, created) = await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        var wrongUid = await http.DeleteAsync($"{Pods}/p1", JsonNode.Parse("""{"preconditions":{"uid":"not-it"}}"""));
        var (code, _) = await http.DeleteAsync($"{Pods}/p1", new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = created.Str("metadata", "uid") } });

        wrongUid.ShouldBeFailure(409, "Conflict");
        code.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{Pods}/p1")).ShouldBeFailure(404, "NotFound");
        (await http.DeleteAsync($"{Pods}/p1")).ShouldBeFailure(404, "NotFound");
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_objects()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync("api/v1/namespaces", KubeObjects.Namespace("spark"));
        await http.PostAsync("api/v1/namespaces/spark/pods", KubeObjects.Pod("p1", "spark"));
        await http.PostAsync(Pods, KubeObjects.Pod("p1"));

        await http.DeleteAsync("api/v1/namespaces/spark");

        (await http.GetAsync("api/v1/namespaces/spark/pods/p1")).ShouldBeFailure(404, "NotFound");
        (await http.GetAsync($"{Pods}/p1")).Code.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_event_belongs_in_its_objects_namespace_or_default_for_a_cluster_scoped_object()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync("api/v1/namespaces", KubeObjects.Namespace("spark"));
        static JsonObject Event(string name, string? involvedNamespace, string kind = "Pod", string? eventTime = null) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = kind, ["name"] = "x", ["namespace"] = involvedNamespace },
            ["reason"] = "Tested",
            ["eventTime"] = eventTime,
        };

        (await http.PostAsync("api/v1/namespaces/spark/events", Event("pod-here", "spark"))).Code.Should().Be(HttpStatusCode.Created);
        (await http.PostAsync("api/v1/namespaces/default/events", Event("node", null, "Node"))).Code.Should().Be(HttpStatusCode.Created);
        (await http.PostAsync("api/v1/namespaces/kube-system/events", Event("node-new", null, "Node", "2026-11-24T10:00:00.000000Z"))).Code.Should().Be(HttpStatusCode.Created);

        (await http.PostAsync("api/v1/namespaces/default/events", Event("pod-elsewhere", "spark"))).ShouldBeFailure(422, "Invalid")
            .Str("message").Should().Contain("involvedObject.namespace: Invalid value: \"spark\": does not match event.namespace");
        (await http.PostAsync("api/v1/namespaces/spark/events", Event("node-in-spark", null, "Node"))).ShouldBeFailure(422, "Invalid");
        (await http.PostAsync("api/v1/namespaces/kube-system/events", Event("node-old-style", null, "Node"))).ShouldBeFailure(422, "Invalid");
        (await http.PutAsync("api/v1/namespaces/spark/events/pod-here", Event("pod-here", "default"))).ShouldBeFailure(422, "Invalid");
    }
}
