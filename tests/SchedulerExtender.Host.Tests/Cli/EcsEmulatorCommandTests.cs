using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary><c>schedext ecs-emulator</c> as a user runs it, called by the production (signed) clients.</summary>
public sealed class EcsEmulatorCommandTests
{
    [Fact]
    public async Task Serves_ecs_and_with_ack_cluster_the_attach_scripts_of_that_cluster()
    {
        using var emulator = Tool.Start("dotnet", Path.Combine(AppContext.BaseDirectory, "schedext.dll"), "ecs-emulator", "--url", "http://127.0.0.1:0", "--ack-cluster", "c-demo");
        try
        {
            var endpoint = new Uri((await Tool.ReadLineAfterAsync(emulator, "ECS emulator listening on ")).Split(' ')[0]);
            using var http = new HttpClient();
            var credentials = new StaticCredentialSource(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret));
            var ecs = new EcsClient(http, credentials, new EcsClientOptions { RegionId = "cn-shenzhen", Endpoint = endpoint });
            var ack = new AckClient(http, credentials, new AckClientOptions { RegionId = "cn-shenzhen", Endpoint = endpoint });

            var regions = await ecs.DescribeRegionsAsync(CancellationToken.None);
            var script = await ack.DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = "c-demo" }, CancellationToken.None);

            regions.Should().NotBeEmpty();
            script.Should().Contain("attach_node.sh");
            await FluentActions.Awaiting(() => ack.DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = "c-other" }, CancellationToken.None))
                .Should().ThrowAsync<EcsApiException>().Where(e => e.Code == "ErrorClusterNotFound");
        }
        finally
        {
            emulator.Kill(entireProcessTree: true);
        }
    }
}
