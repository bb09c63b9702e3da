using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Host.Tests.Cli;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary><c>schedext serve --local</c> provisions: an unschedulable pod gets a NodeClaim launched on the ECS emulator.</summary>
public sealed class LocalProvisionerTests
{
    [Fact]
    public async Task Serve_local_launches_a_node_claim_for_an_unschedulable_pod()
    {
        using var serve = Tool.Start("dotnet", Path.Combine(AppContext.BaseDirectory, "schedext.dll"), "serve", "--local", "--https-url", "https://127.0.0.1:0", "--http-url", "http://127.0.0.1:0");
        try
        {
            var api = await ReadUntilAsync(serve, "Kubernetes API: ");
            using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.TrimEnd('/') });
            await client.CoreV1.CreateNamespacedPodAsync(new k8s.Models.V1Pod
            {
                Metadata = new k8s.Models.V1ObjectMeta { Name = "batch-job" },
                Spec = new k8s.Models.V1PodSpec
                {
                    Containers = [new k8s.Models.V1Container { Name = "main", Image = "busybox", Resources = new k8s.Models.V1ResourceRequirements { Requests = new Dictionary<string, k8s.Models.ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") } } }],
                },
            }, "default");
            var unschedulable = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["message"] = "no nodes" }),
                },
            };
            await client.CoreV1.PatchNamespacedPodStatusAsync(NodeClaimStore.MergePatch(unschedulable), "batch-job", "default");

            var store = new NodeClaimStore(client);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            IReadOnlyList<NodeClaimResource> claims = [];
            while (DateTime.UtcNow < deadline && !(claims.Count == 1 && claims[0].ProviderId is not null))
            {
                await Task.Delay(200);
                claims = await store.ListAsync((_, e) => throw e, CancellationToken.None);
            }

            claims.Should().ContainSingle().Which.ProviderId.Should().StartWith("cn-shenzhen.i-");
            claims[0].Labels.Should().ContainKey("node.kubernetes.io/instance-type").And.Contain("karpenter.sh/nodepool", "ecsnodepool");
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> ReadUntilAsync(Process process, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }

        throw new InvalidOperationException($"schedext exited before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }
}
