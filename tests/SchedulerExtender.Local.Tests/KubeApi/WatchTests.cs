using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class WatchTests
{
    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_the_events_after_it()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var (_, first) = await http.PostAsync("api/v1/nodes", KubeObjects.Node("n1"));
        await http.PostAsync("api/v1/nodes", KubeObjects.Node("n2"));
        await http.PatchAsync("api/v1/nodes/n1", JsonNode.Parse("""{"metadata":{"labels":{"a":"b"}}}""")!, "application/merge-patch+json");
        await http.DeleteAsync("api/v1/nodes/n2");
        await http.PostAsync("api/v1/namespaces/default/pods", KubeObjects.Pod("not-a-node"));

        var events = await http.WatchToEndAsync($"api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion={first.Str("metadata", "resourceVersion")}");

        events.Select(e => $"{e.Str("type")} {e.Str("object", "metadata", "name")}").Should().Equal("ADDED n2", "MODIFIED n1", "DELETED n2");
        events.Select(e => long.Parse(e.Str("object", "metadata", "resourceVersion"))).Should().BeInAscendingOrder();
    }

    [Theory]
    [InlineData("")]
    [InlineData("&resourceVersion=0")]
    public async Task Watch_without_a_version_starts_with_the_current_state(string resourceVersion)
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync("api/v1/nodes", KubeObjects.Node("n1"));
        await http.PostAsync("api/v1/nodes", KubeObjects.Node("n2"));
        await http.DeleteAsync("api/v1/nodes/n2");

        var events = await http.WatchToEndAsync($"api/v1/nodes?watch=1&timeoutSeconds=1{resourceVersion}");

        events.Select(e => $"{e.Str("type")} {e.Str("object", "metadata", "name")}").Should().Equal("ADDED n1");
    }

    [Fact]
    public async Task Watch_from_before_the_event_window_gets_410_Gone()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { Store = new KubeStoreOptions { EventWindow = 3 } });
        using var http = new KubeHttp(api);
        var (_, first) = await http.PostAsync("api/v1/nodes", KubeObjects.Node("n1"));
        for (var i = 2; i <= 6; i++)
        {
            await http.PostAsync("api/v1/nodes", KubeObjects.Node($"n{i}"));
        }

        var events = await http.WatchToEndAsync($"api/v1/nodes?watch=true&resourceVersion={first.Str("metadata", "resourceVersion")}");
        var recent = await http.WatchToEndAsync($"api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion={api.Store.ResourceVersion - 2}");

        var error = events.Should().ContainSingle().Subject;
        error.Str("type").Should().Be("ERROR");
        error["object"]!.Str("kind").Should().Be("Status");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!.Str("reason").Should().Be("Expired");
        error["object"]!.Str("message").Should().StartWith("too old resource version");
        recent.Select(e => e.Str("object", "metadata", "name")).Should().Equal("n5", "n6");
    }

    [Fact]
    public async Task Selector_watch_sees_objects_enter_and_leave_its_selection()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var start = api.Store.ResourceVersion;
        await http.PostAsync("api/v1/namespaces/default/pods", KubeObjects.Pod("p1"));
        await http.PostAsync("api/v1/namespaces/default/pods/p1/binding", JsonNode.Parse("""{"target":{"kind":"Node","name":"n1"}}""")!);
        await http.PostAsync("api/v1/namespaces/default/pods", KubeObjects.Pod("p2"));
        await http.PatchAsync("api/v1/namespaces/default/pods/p1", JsonNode.Parse("""{"metadata":{"labels":{"x":"y"}}}""")!, "application/merge-patch+json");

        var events = await http.WatchToEndAsync($"api/v1/pods?watch=true&timeoutSeconds=1&fieldSelector=spec.nodeName%3D&resourceVersion={start}");

        events.Select(e => $"{e.Str("type")} {e.Str("object", "metadata", "name")}").Should().Equal("ADDED p1", "DELETED p1", "ADDED p2");
    }

    [Fact]
    public async Task Live_events_stream_as_they_happen()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        var (response, reader) = await http.OpenWatchAsync($"api/v1/nodes?watch=true&resourceVersion={api.Store.ResourceVersion}");
        using (response)
        using (reader)
        {
            api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("live"));
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            JsonNode.Parse(line!).Str("object", "metadata", "name").Should().Be("live");

            api.CloseWatches();
            (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))).Should().BeNull("the server ended the watch");
        }
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_version_when_allowed()
    {
        await using var api = await EmbeddedKubeApi.StartAsync(new EmbeddedKubeApiOptions { BookmarkInterval = TimeSpan.FromMilliseconds(50) });
        using var http = new KubeHttp(api);
        api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("n1"));
        var (response, reader) = await http.OpenWatchAsync($"api/v1/nodes?watch=true&allowWatchBookmarks=true&resourceVersion={api.Store.ResourceVersion}");
        using (response)
        using (reader)
        {
            var bookmark = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)))!)!;
            bookmark.Str("type").Should().Be("BOOKMARK");
            bookmark.Str("object", "kind").Should().Be("Node");
            bookmark.Str("object", "metadata", "resourceVersion").Should().Be(api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void In_process_watch_delivers_copies_in_order()
    {
        var store = new KubeStore();
        using var watch = store.Watch(KubeResources.Pods, "default", new ListOptions(LabelSelector: "app=spark", ResourceVersion: store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        store.Create(KubeResources.Pods, "default", KubeObjects.Pod("other"));
        store.Create(KubeResources.Pods, "default", KubeObjects.Pod("s1", labels: new Dictionary<string, string> { ["app"] = "spark" }));
        store.Delete(KubeResources.Pods, "default", "s1");

        watch.Events.TryRead(out var added).Should().BeTrue();
        watch.Events.TryRead(out var deleted).Should().BeTrue();
        watch.Events.TryRead(out _).Should().BeFalse();
        (added!.Type, added.Object.Name(), deleted!.Type).Should().Be((WatchEvent.Added, "s1", WatchEvent.Deleted));
        added.Object["metadata"]!["labels"] = null;
        store.List(KubeResources.Pods, "default").Items.Should().ContainSingle(p => p.Name() == "other");
    }
}
