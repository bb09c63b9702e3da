using System.Text;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Local.Simulators.Kubelet;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class UserDataReaderTests
{
    [Fact]
    public void Reads_back_what_the_provider_writes()
    {
        var labels = new Dictionary<string, string>
        {
            ["karpenter.sh/nodepool"] = "spark-executor",
            ["karpenter.sh/capacity-type"] = "spot",
            ["team"] = "it's-data", // a quote survives the shell quoting
        };
        var userData = UserDataBuilder.Build(labels, ["spark=executor:NoSchedule", "agent-not-ready:NoExecute"], "#!/bin/bash\necho hello\n");

        var bootstrap = UserDataReader.Read(userData);

        bootstrap.Labels.Should().BeEquivalentTo(labels);
        bootstrap.Taints.Should().Equal(new Taint("spark", "executor", "NoSchedule"), new Taint("agent-not-ready", null, "NoExecute"));
    }

    [Theory]
    [InlineData("key=value:NoSchedule", "key", "value", "NoSchedule")]
    [InlineData("key:PreferNoSchedule", "key", null, "PreferNoSchedule")]
    [InlineData("example.com/k=a:b:NoExecute", "example.com/k", "a:b", "NoExecute")]
    public void Parses_kubelet_taint_flags(string text, string key, string? value, string effect) =>
        UserDataReader.ParseTaint(text).Should().Be(new Taint(key, value, effect));

    [Theory]
    [InlineData("key=value")]
    [InlineData("key=value:Sometimes")]
    [InlineData(":NoSchedule")]
    public void Refuses_bad_taints(string text) =>
        FluentActions.Invoking(() => UserDataReader.ParseTaint(text)).Should().Throw<FormatException>().WithMessage($"*{text}*");

    [Fact]
    public void User_data_without_the_bootstrap_gives_nothing_and_bad_labels_are_errors()
    {
        UserDataReader.Read("").Should().Be(NodeBootstrap.Empty);
        UserDataReader.Read("not base64 at all!").Should().Be(NodeBootstrap.Empty);
        UserDataReader.Read(Base64("#!/bin/sh\necho hi\n")).Labels.Should().BeEmpty();
        FluentActions.Invoking(() => UserDataReader.Read(Base64("export SCHEDEXT_NODE_LABELS='novalue'\n")))
            .Should().Throw<FormatException>().WithMessage("*novalue*");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
