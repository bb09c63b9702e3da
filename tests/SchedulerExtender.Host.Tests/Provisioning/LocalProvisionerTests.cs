using k8s;
using SchedulerExtender.Host.Tests.Cli;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Testing;

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
            var api = await Tool.ReadLineAfterAsync(serve, "Kubernetes API: ");
            using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = api.TrimEnd('/') });
            await UnschedulablePods.CreateAsync(client, "batch-job", cpu: "2");
            var claim = await UnschedulablePods.WaitForClaimAsync(client, c => c.ProviderId is not null);

            (await new NodeClaimStore(client).ListAsync((_, e) => throw e, CancellationToken.None)).Should().ContainSingle();
            claim.ProviderId.Should().StartWith("cn-shenzhen.i-");
            claim.Labels.Should().ContainKey("node.kubernetes.io/instance-type").And.Contain("karpenter.sh/nodepool", "ecsnodepool");

            // kubectl describe pod shows the provisioner's plan: the embedded API takes the event in the pod's namespace.
            await Eventually.HoldsAsync(
                async () => (await client.CoreV1.ListNamespacedEventAsync("default")).Items.Any(e =>
                    e.InvolvedObject.Kind == "Pod" && e.InvolvedObject.Name == "batch-job" && e.Reason == PodEvents.Nominated &&
                    e.Message.Contains($"NodeClaim {claim.Name} ", StringComparison.Ordinal)),
                "a Nominated event on the pod naming its claim",
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }
}
