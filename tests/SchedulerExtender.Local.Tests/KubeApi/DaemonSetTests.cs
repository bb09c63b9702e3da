using System.Net;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>apps/v1 DaemonSets, which the provisioner lists and watches to size new nodes.</summary>
public sealed class DaemonSetTests
{
    [Fact]
    public async Task DaemonSets_are_discovered_created_listed_watched_and_deleted()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        await http.PostAsync("api/v1/namespaces", KubeObjects.Namespace("kube-system"));

        var (_, discovery) = await http.GetAsync("apis/apps/v1");
        var (created, agent) = await http.PostAsync("apis/apps/v1/namespaces/kube-system/daemonsets", DaemonSet("agent", "250m"));
        var (duplicate, _) = await http.PostAsync("apis/apps/v1/namespaces/kube-system/daemonsets", DaemonSet("agent", "250m"));
        await http.PostAsync("apis/apps/v1/namespaces/default/daemonsets", DaemonSet("logs", "100m"));
        var (_, got) = await http.GetAsync("apis/apps/v1/namespaces/kube-system/daemonsets/agent");
        var (_, all) = await http.GetAsync("apis/apps/v1/daemonsets");
        var (deleted, _) = await http.DeleteAsync("apis/apps/v1/namespaces/default/daemonsets/logs");
        var (gone, _) = await http.GetAsync("apis/apps/v1/namespaces/default/daemonsets/logs");
        var events = await http.WatchToEndAsync($"apis/apps/v1/daemonsets?watch=true&timeoutSeconds=1&resourceVersion={agent.Str("metadata", "resourceVersion")}");

        discovery["resources"]!.AsArray().Single(r => r.Str("name") == "daemonsets")!["namespaced"]!.GetValue<bool>().Should().BeTrue();
        created.Should().Be(HttpStatusCode.Created);
        duplicate.Should().Be(HttpStatusCode.Conflict);
        got.Str("kind").Should().Be("DaemonSet");
        got.Str("apiVersion").Should().Be("apps/v1");
        got["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!.Str("cpu").Should().Be("250m");
        all.Str("kind").Should().Be("DaemonSetList");
        all["items"]!.AsArray().Select(i => i.Str("metadata", "name")).Should().BeEquivalentTo("agent", "logs");
        deleted.Should().Be(HttpStatusCode.OK);
        gone.Should().Be(HttpStatusCode.NotFound);
        events.Select(e => $"{e.Str("type")} {e.Str("object", "metadata", "name")}").Should().Equal("ADDED logs", "DELETED logs");
    }

    private static JsonObject DaemonSet(string name, string cpu) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = "registry.example/agent:1",
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu } },
                    }),
                },
            },
        },
    };
}
