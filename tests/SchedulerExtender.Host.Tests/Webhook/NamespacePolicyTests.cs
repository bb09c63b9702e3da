using System.Text.Json.Nodes;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Webhook;

/// <summary>Namespace policy read through the list+watch cache from a real (embedded) Kubernetes API.</summary>
public sealed class NamespacePolicyTests
{
    [Fact]
    public async Task Namespace_annotation_applies_and_changes_are_followed()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"analytics","annotations":{"schedext.io/executor-policy":"prefer-spot"}}}""")!.AsObject());
        await using var server = await RunningServer.StartAsync(kubernetes: KubernetesConnection.ForUrl(api.BaseAddress));

        await server.WaitUntilReadyAsync();
        (await PlacementOf(server)).Should().Be("preferred");

        api.Store.Patch(KubeResources.Namespaces, null, "analytics", PatchType.Merge, JsonNode.Parse("""{"metadata":{"annotations":{"schedext.io/executor-policy":"none"}}}""")!);

        await Until(async () => await PlacementOf(server) == "none", "policy change seen through the watch");
    }

    private static async Task<string> PlacementOf(RunningServer server)
    {
        var pod = Pods.Executor(ns: "analytics");
        var answer = await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(pod));
        var summary = JsonPatchApplier.Apply(pod, answer.Patch!)["metadata"]!["annotations"]!["schedext.io/mutation"]!.GetValue<string>();
        return summary[(summary.LastIndexOf('=') + 1)..];
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"waiting for {what}");
            await Task.Delay(50);
        }
    }
}
