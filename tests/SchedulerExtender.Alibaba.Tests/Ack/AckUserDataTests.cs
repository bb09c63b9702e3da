using System.Text;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Provider;

namespace SchedulerExtender.Alibaba.Tests.Ack;

/// <summary>
/// The composed user data is run by bash with a stand-in for ACK's attach command that prints
/// each argument it receives, so the tests see exactly what attach_node.sh would be given.
/// </summary>
public sealed class AckUserDataTests
{
    private const string PrintArguments = "printf '<%s>\\n' --openapi-token tok";

    private static readonly string[] NoTaints = [];

    [Theory]
    [InlineData("plain")]
    [InlineData("with spaces in it")]
    [InlineData("it's")]
    [InlineData("say \"hi\"")]
    [InlineData("$(echo injected)")]
    [InlineData("`echo injected`")]
    [InlineData("back\\slash; rm -rf / && echo no")]
    [InlineData("ünïcödé")]
    public async Task A_label_value_reaches_the_attach_script_as_one_literal_argument(string value)
    {
        var script = AckUserData.Compose(PrintArguments, new Dictionary<string, string> { ["team"] = value, ["karpenter.sh/nodepool"] = "spark" },
            ["karpenter.sh/unregistered:NoExecute", "spark=executor:NoSchedule"], nodeClassUserData: null);

        var (exit, stdout, _) = await BashRunner.RunAsync(script);

        exit.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "<--openapi-token>", "<tok>",
            "<--labels>", $"<karpenter.sh/nodepool=spark,team={value}>",
            "<--taints>", "<karpenter.sh/unregistered:NoExecute,spark=executor:NoSchedule>");
    }

    [Fact]
    public async Task The_whole_user_data_as_ECS_receives_it_still_runs_the_join()
    {
        var composed = AckUserData.Compose(PrintArguments, new Dictionary<string, string> { ["a"] = "it's" }, NoTaints, "echo before-join");
        var userData = UserDataBuilder.Build(new Dictionary<string, string> { ["a"] = "it's" }, NoTaints, composed);

        var (exit, stdout, _) = await BashRunner.RunAsync(Encoding.UTF8.GetString(Convert.FromBase64String(userData)));

        exit.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("before-join", "<--openapi-token>", "<tok>", "<--labels>", "<a=it's>");
    }

    [Fact]
    public async Task Node_class_user_data_runs_first_unexpanded_and_its_failure_does_not_stop_the_join()
    {
        const string userData = "#!/bin/bash\necho \"nodeclass $NOT_SET_OUTSIDE\"\necho '$literal'\nexit 3\n";

        var (exit, stdout, stderr) = await BashRunner.RunAsync(AckUserData.Compose(PrintArguments, new Dictionary<string, string>(), NoTaints, userData));

        exit.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("nodeclass ", "$literal", "<--openapi-token>", "<tok>");
        stderr.Should().Contain("ECSNodeClass userData exited with status 3");
    }

    [Fact]
    public async Task Arguments_go_to_the_last_command_of_a_multi_line_attach_script()
    {
        var attach = "#!/bin/bash\nset -e\n" + PrintArguments + "\n# trailing comment\n\n";

        var (exit, stdout, _) = await BashRunner.RunAsync(AckUserData.Compose(attach, new Dictionary<string, string> { ["k"] = "v" }, ["t:NoSchedule"], null));

        exit.Should().Be(0);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("<--openapi-token>", "<tok>", "<--labels>", "<k=v>", "<--taints>", "<t:NoSchedule>");
    }

    [Theory]
    [InlineData("team", "a,b", "','")]
    [InlineData("te=am", "x", "'='")]
    [InlineData("team", "line\nbreak", "control")]
    [InlineData("", "x", "empty name")]
    public void A_label_that_cannot_be_a_list_item_is_rejected_with_its_name(string key, string value, string reason)
    {
        var act = () => AckUserData.Compose(PrintArguments, new Dictionary<string, string> { [key] = value }, NoTaints, null);

        act.Should().Throw<ArgumentException>().WithMessage($"*{reason}*").Which.Message.Should().NotContain("\n");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b:NoSchedule,c=d:NoSchedule")]
    public void A_taint_that_cannot_be_a_list_item_is_rejected(string taint)
    {
        var act = () => AckUserData.Compose(PrintArguments, new Dictionary<string, string>(), [taint], null);

        act.Should().Throw<ArgumentException>().WithMessage("Taint*");
    }

    [Theory]
    [InlineData("", null, "empty")]
    [InlineData("#!/bin/bash\n# only comments\n", null, "empty")]
    [InlineData(PrintArguments, "#cloud-config\nruncmd: []\n", "cloud-config")]
    [InlineData(PrintArguments, "echo a\nSCHEDEXT_NODECLASS_USERDATA_EOF\necho b\n", "reserved")]
    public void Unusable_scripts_are_rejected_with_the_reason(string attach, string? userData, string reason)
    {
        var act = () => AckUserData.Compose(attach, new Dictionary<string, string>(), NoTaints, userData);

        act.Should().Throw<ArgumentException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public async Task Plain_mode_returns_the_node_class_user_data_unchanged()
    {
        var plain = new PlainUserDataBootstrap();

        (await plain.UserDataAsync(new NodeBootstrapRequest(new Dictionary<string, string> { ["a"] = "b" }, NoTaints, "echo hi"), default)).Should().Be("echo hi");
        (await plain.UserDataAsync(new NodeBootstrapRequest(new Dictionary<string, string>(), NoTaints, null), default)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(NodeBootstrapMode.UserData, null, null, 0)]
    [InlineData(NodeBootstrapMode.Ack, "c1", "cn-shenzhen", 0)]
    [InlineData(NodeBootstrapMode.Ack, null, "cn-shenzhen", 1)]
    [InlineData(NodeBootstrapMode.Ack, null, null, 2)]
    public void Options_name_each_missing_key(NodeBootstrapMode mode, string? clusterId, string? regionId, int errors)
    {
        var problems = new AckBootstrapOptions { Mode = mode, ClusterId = clusterId, RegionId = regionId }.Validate();

        problems.Should().HaveCount(errors);
        problems.Where(p => !p.StartsWith("Alibaba:Bootstrap:", StringComparison.Ordinal)).Should().BeEmpty();
    }
}
