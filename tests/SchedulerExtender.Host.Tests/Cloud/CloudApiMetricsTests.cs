using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Host.Cloud;
using SchedulerExtender.Local.Ack;
using SchedulerExtender.Local.Ecs;

using SchedulerExtender.Host.Tests.Monitoring;

namespace SchedulerExtender.Host.Tests.Cloud;

/// <summary>Cloud API metrics after real calls to the ECS and ACK emulators, as Prometheus text.</summary>
public sealed class CloudApiMetricsTests
{
    private const string Cluster = "c-metrics";

    [Theory]
    [InlineData(null, "OK")]
    [InlineData("Throttling.User", "Throttling.User")]
    [InlineData("OperationDenied.NoStock", "OperationDenied.NoStock")]
    [InlineData("ErrorClusterNotFound", "ErrorClusterNotFound")]
    [InlineData("Some.Code.Nobody.Knows", "Other")]
    [InlineData("", "Other")]
    public void Codes_are_bounded(string? code, string label) => CloudApiMetrics.CodeLabel(code).Should().Be(label);

    [Fact]
    public async Task Calls_are_counted_by_service_action_and_code_with_their_latency()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new CloudApiMetrics(Metrics.WithCustomRegistry(registry));
        await using var server = await StartEmulatorsAsync();
        using var http = new HttpClient();
        var credentials = new FixedCredentials(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret));
        var ecs = new EcsClient(http, credentials, new EcsClientOptions { RegionId = "cn-shenzhen", Endpoint = server.BaseAddress }, observer: metrics);
        var ack = new AckClient(http, credentials, new AckClientOptions
        {
            RegionId = "cn-shenzhen",
            Endpoint = server.BaseAddress,
            Retry = new EcsRetryPolicy { ThrottledBaseDelay = TimeSpan.FromMilliseconds(1) },
        }, observer: metrics);

        await ecs.DescribeRegionsAsync(default);
        await ecs.DescribeRegionsAsync(default);
        await FluentActions.Awaiting(() => new EcsClient(http, credentials, new EcsClientOptions { RegionId = "cn-nowhere", Endpoint = server.BaseAddress }, observer: metrics)
            .DescribeZonesAsync(default)).Should().ThrowAsync<EcsApiException>();
        server.Ack!.FailNext(1, 400, "Throttling.User");
        await ack.DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = Cluster }, default);
        await FluentActions.Awaiting(() => ack.DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = "c-missing" }, default)).Should().ThrowAsync<EcsApiException>();

        var text = await ExportAsync(registry);
        Value(text, """schedext_cloud_api_calls_total{service="ECS",action="DescribeRegions",code="OK"}""").Should().Be(2);
        Value(text, """schedext_cloud_api_calls_total{service="ECS",action="DescribeZones",code="Other"}""").Should().Be(1, "InvalidRegionId.NotFound is not a code we keep a series for");
        Value(text, """schedext_cloud_api_calls_total{service="CS",action="DescribeClusterAttachScripts",code="Throttling.User"}""").Should().Be(1);
        Value(text, """schedext_cloud_api_calls_total{service="CS",action="DescribeClusterAttachScripts",code="OK"}""").Should().Be(1);
        Value(text, """schedext_cloud_api_calls_total{service="CS",action="DescribeClusterAttachScripts",code="ErrorClusterNotFound"}""").Should().Be(1);
        Value(text, """schedext_cloud_api_call_duration_seconds_count{service="CS",action="DescribeClusterAttachScripts"}""").Should().Be(3);
        Value(text, """schedext_cloud_api_call_duration_seconds_sum{service="ECS",action="DescribeRegions"}""").Should().BePositive();
        await Promtool.FindsNothingAsync(text);
    }

    [Fact]
    public async Task Ack_mode_from_configuration_composes_user_data_and_reports_its_calls()
    {
        await using var server = await StartEmulatorsAsync();
        await using var provider = Services(new Dictionary<string, string?>
        {
            ["Alibaba:Bootstrap:Mode"] = "Ack",
            ["Alibaba:Bootstrap:ClusterId"] = Cluster,
            ["Alibaba:Bootstrap:RegionId"] = "cn-shenzhen",
            ["Alibaba:Bootstrap:Endpoint"] = server.BaseAddress.ToString(),
        });

        var userData = await provider.GetRequiredService<INodeBootstrap>().UserDataAsync(
            new NodeBootstrapRequest(new Dictionary<string, string> { ["karpenter.sh/nodepool"] = "spark" }, [], null), default);

        userData.Should().Contain("--openapi-token").And.EndWith(" --labels 'karpenter.sh/nodepool=spark'\n");
        Value(await ExportAsync(provider.GetRequiredService<CollectorRegistry>()),
            """schedext_cloud_api_calls_total{service="CS",action="DescribeClusterAttachScripts",code="OK"}""").Should().Be(1);
    }

    [Fact]
    public async Task Plain_mode_is_the_default_and_ack_mode_without_a_cluster_fails_at_start_naming_the_key()
    {
        await using (var plain = Services(new Dictionary<string, string?>()))
        {
            plain.GetRequiredService<INodeBootstrap>().Should().BeOfType<PlainUserDataBootstrap>();
        }

        await using var invalid = Services(new Dictionary<string, string?> { ["Alibaba:Bootstrap:Mode"] = "Ack", ["Alibaba:Bootstrap:RegionId"] = "cn-shenzhen" });
        FluentActions.Invoking(() => invalid.GetRequiredService<IOptions<AckBootstrapOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Alibaba:Bootstrap:ClusterId*");
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var registry = Metrics.NewCustomRegistry();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(registry)
            .AddSingleton<IMetricFactory>(Metrics.WithCustomRegistry(registry))
            .AddSingleton<ICredentialSource>(new FixedCredentials(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)));
        return services.AddCloudApi(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
    }

    private static async Task<EcsEmulatorServer> StartEmulatorsAsync()
    {
        var ack = new AckEmulator();
        ack.AddCluster(Cluster);
        return await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(), ack);
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        line.Should().NotBeNull($"the export should have {series}:\n{text}");
        return double.Parse(line![(series.Length + 1)..], CultureInfo.InvariantCulture);
    }


    private sealed class FixedCredentials(AlibabaCredential credential) : ICredentialSource
    {
        public string Name => "fixed";

        public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AlibabaCredential?>(credential);
    }
}
