using System.Text;
using FluentAssertions;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Tests.Ecs;
using Xunit;

namespace SchedulerExtender.Local.Tests.Ack;

/// <summary>
/// A launch in ACK mode, end to end against the ECS and ACK emulators: the instance ECS creates
/// carries the cluster's attach command with the claim's labels and taints.
/// </summary>
public sealed class AckLaunchTests
{
    [Fact]
    public async Task An_instance_launched_in_ACK_mode_runs_the_attach_script_with_the_claims_labels_and_taints()
    {
        await using var h = await AckHarness.StartAsync();
        using var http = new HttpClient();
        var ecs = new EcsClient(http, new AckHarness.FixedCredentialSource(AckHarness.DefaultCredential),
            new EcsClientOptions { RegionId = "cn-shenzhen", Endpoint = h.Server.BaseAddress }, new AckHarness.FakeClockRealTimers(h.Time), h.Logs.For<EcsClient>());
        var prices = new AlibabaPriceSource(ecs, BuiltInCatalog.Catalog, h.Time, h.Logs.For<AlibabaPriceSource>());
        var provider = new BootstrappingCloudProvider(
            new AlibabaCloudProvider(ecs, prices, new AlibabaCloudProviderOptions { ClusterId = ProviderHarness.ClusterId }, h.Time, h.Logs.For<AlibabaCloudProvider>()),
            new AckNodeBootstrap(h.Source()));
        var request = ProviderHarness.Request("ecsnodepool-ack01") with
        {
            Labels = new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot", ["kubernetes.io/arch"] = "amd64" },
            Taints = ["karpenter.sh/unregistered:NoExecute"],
            UserData = "echo node-class-step",
        };

        var instance = await provider.CreateAsync(request, CancellationToken.None);

        var userData = Encoding.UTF8.GetString(Convert.FromBase64String(
            h.Server.Emulator.ListInstances().Single(i => i.InstanceId == instance.InstanceId).UserData));
        userData.Should().Contain("attach_node.sh").And.Contain("--openapi-token")
            .And.Contain("--labels 'karpenter.sh/capacity-type=spot,kubernetes.io/arch=amd64'")
            .And.Contain("--taints 'karpenter.sh/unregistered:NoExecute'")
            .And.Contain("echo node-class-step");
        h.Ack.CountOf("DescribeClusterAttachScripts").Should().Be(1);
    }
}
