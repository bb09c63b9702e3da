using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// <c>schedext serve</c> in a cluster writes the status <c>kubectl get nodepools</c> and
/// <c>kubectl get ecsnodeclasses</c> show: the pool's nodes and resources after a launch, and a
/// node class whose selectors match nothing in the cloud (the ECS emulator) is not Ready.
/// </summary>
public sealed class PoolStatusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_launch_the_pool_shows_one_node_with_its_capacity_and_a_class_matching_nothing_is_not_ready()
    {
        // A second class, used by no pool, whose vSwitch tag no vSwitch in the emulator carries.
        await using var serve = await ClusterConfiguredServe.StartAsync(
            api =>
            {
                var elsewhere = ClusterConfiguredServe.Yaml(ArticleProvisioningConfig.NodeClass);
                elsewhere["metadata"] = new JsonObject { ["name"] = "elsewhere" };
                elsewhere["spec"]!["vSwitchSelectorTerms"] = JsonNode.Parse("""[{"tags":{"karpenter.sh/discovery":"another-cluster"}}]""");
                api.Store.Create(KubeResources.EcsNodeClasses, null, elsewhere);
            },
            new Dictionary<string, string?> { ["Provisioner:StatusInterval"] = "00:00:00.200" });
        var client = serve.Client;

        await UnschedulablePods.CreateAsync(client, "first", cpu: "2");
        var claim = await UnschedulablePods.WaitForClaimAsync(client, c => c.ProviderId is not null && c.Capacity is not null);

        // Before the launch the pool already counts the claim at its planned requests; the status
        // follows the launched capacity once the claim cache shows the launch (a pass or two later).
        var pool = await WaitForStatusAsync(client, "karpenter.sh", "v1", "nodepools", "ecsnodepool",
            s => s["resources"]?["nodes"]?.ToString() == "1" && Condition(s, "Ready") == "True"
                && s["resources"]?["cpu"] is { } cpu && KubernetesQuantity.ToMilli(cpu.ToString()) == claim.Capacity!.Value.MilliCpu);
        KubernetesQuantity.ToMilli(pool["resources"]!["cpu"]!.ToString()).Should().Be(claim.Capacity!.Value.MilliCpu);
        KubernetesQuantity.ToWhole(pool["resources"]!["memory"]!.ToString()).Should().Be(claim.Capacity!.Value.MemoryBytes);
        Condition(pool, "ValidationSucceeded").Should().Be("True");
        Condition(pool, "NodeClassReady").Should().Be("True");

        var ready = await WaitForStatusAsync(client, "karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses", "defaultnodeclass", s => Condition(s, "Ready") == "True");
        ready["vSwitches"]!.AsArray().Should().NotBeEmpty().And.OnlyContain(v => v!["id"]!.ToString().StartsWith("vsw-") && v["zoneID"]!.ToString().StartsWith("cn-shenzhen-"));
        ready["securityGroups"]!.AsArray().Should().NotBeEmpty();
        ready["images"]!.AsArray().Should().ContainSingle().Which!["id"]!.ToString().Should().NotBeEmpty();

        var notReady = await WaitForStatusAsync(client, "karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses", "elsewhere", s => Condition(s, "Ready") is not null);
        Condition(notReady, "Ready").Should().Be("False");
        notReady["conditions"]![0]!["message"]!.ToString().Should().Contain("elsewhere").And.NotContain(EcsEmulatorOptions.DefaultAccessKeySecret);
        notReady["vSwitches"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_pool_whose_nodes_never_join_shows_NodeRegistrationHealthy_false_and_stays_ready()
    {
        // Nothing joins nodes here: every claim times out and is replaced.
        await using var serve = await ClusterConfiguredServe.StartAsync(
            _ => { },
            new Dictionary<string, string?> { ["Provisioner:StatusInterval"] = "00:00:00.200", ["Provisioner:RegistrationTimeout"] = "00:00:01" });

        await UnschedulablePods.CreateAsync(serve.Client, "never-joins", cpu: "2");

        var pool = await WaitForStatusAsync(serve.Client, "karpenter.sh", "v1", "nodepools", "ecsnodepool", s => Condition(s, "NodeRegistrationHealthy") == "False");
        Condition(pool, "Ready").Should().Be("True", "a pool whose nodes do not join still provisions");
        var message = ((JsonArray)pool["conditions"]!).Single(c => c!["type"]!.ToString() == "NodeRegistrationHealthy")!["message"]!.ToString();
        message.Should().Contain("did not join").And.Contain("ecsnodepool-");
    }

    /// <summary>GETs the object over HTTP (as kubectl does) until its status satisfies <paramref name="wanted"/>.</summary>
    private static async Task<JsonObject> WaitForStatusAsync(k8s.Kubernetes client, string group, string version, string plural, string name, Func<JsonObject, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var read = (JsonElement)await client.CustomObjects.GetClusterCustomObjectAsync(group, version, plural, name);
            last = JsonNode.Parse(read.GetRawText())!["status"] as JsonObject;
            if (last is not null && wanted(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{plural}/{name} status never became as expected; last: {last?.ToJsonString() ?? "none"}");
    }

    private static string? Condition(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.ToString() == type)?["status"]?.ToString();
}
