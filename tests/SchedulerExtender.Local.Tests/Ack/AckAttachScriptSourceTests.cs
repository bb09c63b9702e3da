using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Local.Tests.Ack;

/// <summary>The cached attach script source and the ACK bootstrap, against the emulator.</summary>
public sealed class AckAttachScriptSourceTests
{
    private const string Call = "DescribeClusterAttachScripts";

    [Fact]
    public async Task A_script_is_fetched_once_per_refresh_interval_and_architecture()
    {
        await using var h = await AckHarness.StartAsync();
        var source = h.Source();

        var first = await source.GetAsync("amd64", default);
        (await source.GetAsync("amd64", default)).Should().Be(first);
        h.Ack.CountOf(Call).Should().Be(1);

        (await source.GetAsync("arm64", default)).Should().Contain("/arm64/");
        h.Ack.CountOf(Call).Should().Be(2);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        (await source.GetAsync("amd64", default)).Should().NotBe(first, "a refreshed script carries a new join token");
        h.Ack.CountOf(Call).Should().Be(3);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        await using var h = await AckHarness.StartAsync();
        var source = h.Source();

        var scripts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.GetAsync("amd64", default)));

        scripts.Distinct().Should().ContainSingle();
        h.Ack.CountOf(Call).Should().Be(1);
    }

    [Fact]
    public async Task The_last_good_script_is_kept_while_ack_fails_until_it_is_too_old()
    {
        await using var h = await AckHarness.StartAsync();
        var source = h.Source();
        var good = await source.GetAsync("amd64", default);

        h.Time.Advance(TimeSpan.FromMinutes(30));
        h.Ack.FailNext(1, 503, "ServiceUnavailable");
        (await source.GetAsync("amd64", default)).Should().Be(good);
        h.Logs.Lines.Should().Contain(l => l.Contains("ServiceUnavailable", StringComparison.Ordinal) && l.Contains("using the one fetched 30 min ago", StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromMinutes(31));
        h.Ack.FailNext(1, 503, "ServiceUnavailable");
        (await FluentActions.Awaiting(() => source.GetAsync("amd64", default)).Should().ThrowAsync<EcsApiException>()).Which.Code.Should().Be("ServiceUnavailable");

        (await source.GetAsync("amd64", default)).Should().NotBe(good, "once ACK answers again a new script is fetched");
        h.Logs.Lines.Should().NotContain(l => l.Contains("--openapi-token", StringComparison.Ordinal), "the script holds a join token and is never logged");
    }

    [Fact]
    public async Task Without_any_good_script_the_error_surfaces()
    {
        await using var h = await AckHarness.StartAsync();
        h.Ack.FailNext(1, 400, "Throttling.User");

        (await FluentActions.Awaiting(() => h.Source().GetAsync("amd64", default)).Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.Throttled);
    }

    [Fact]
    public void The_source_refuses_options_that_are_not_a_valid_ack_configuration()
    {
        using var http = new HttpClient();
        var client = new AckClient(http, new AckHarness.FixedCredentialSource(AckHarness.DefaultCredential), new AckClientOptions { RegionId = "cn-shenzhen" });

        FluentActions.Invoking(() => new AckAttachScriptSource(client, new AckBootstrapOptions { Mode = NodeBootstrapMode.Ack, RegionId = "cn-shenzhen" }))
            .Should().Throw<ArgumentException>().WithMessage("*Alibaba:Bootstrap:ClusterId*");
        FluentActions.Invoking(() => new AckAttachScriptSource(client, new AckBootstrapOptions { ClusterId = "c", RegionId = "r" }))
            .Should().Throw<ArgumentException>().WithMessage("*Mode Ack*");
    }

    [Fact]
    public async Task The_ack_bootstrap_appends_the_node_labels_and_taints_to_the_fetched_command()
    {
        await using var h = await AckHarness.StartAsync();
        var bootstrap = new AckNodeBootstrap(h.Source());

        var userData = await bootstrap.UserDataAsync(new NodeBootstrapRequest(
            new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot", ["team"] = "data eng" },
            ["karpenter.sh/unregistered:NoExecute"], "sysctl -w vm.max_map_count=262144", "arm64"), default);

        var lines = userData.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("#!/bin/bash");
        lines.Should().Contain("sysctl -w vm.max_map_count=262144");
        lines[^1].Should().StartWith("curl ").And.Contain("/arm64/attach_node.sh")
            .And.EndWith(" --labels 'karpenter.sh/capacity-type=spot,team=data eng' --taints 'karpenter.sh/unregistered:NoExecute'");
    }

    [Fact]
    public async Task Kubelet_settings_are_not_invented_as_attach_script_arguments_but_warned_about_once()
    {
        await using var h = await AckHarness.StartAsync();
        var bootstrap = new AckNodeBootstrap(h.Source(), h.Logs.For<AckNodeBootstrap>());
        var request = new NodeBootstrapRequest(new Dictionary<string, string>(), [], null) { KubeletArgs = ["--max-pods=20", "--kube-reserved=cpu=200m"] };

        var userData = await bootstrap.UserDataAsync(request, default);
        await bootstrap.UserDataAsync(request, default);

        userData.Should().NotContain("max-pods").And.NotContain("kube-reserved", "the attach script takes no kubelet arguments: the ACK node pool configures the kubelet");
        h.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("kubeletConfiguration", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().Contain("--max-pods=20 --kube-reserved=cpu=200m").And.Contain("ACK node pool");
    }
}
