using System.Text;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Catalog;
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

    [Fact]
    public void Reads_the_kubelet_flags_back_into_the_node_classs_settings()
    {
        var kubelet = new KubeletConfiguration
        {
            MaxPods = 8,
            SystemReserved = new SortedDictionary<string, string> { ["cpu"] = "500m", ["memory"] = "1Gi" },
            EvictionHard = new SortedDictionary<string, string> { ["memory.available"] = "5%", ["nodefs.available"] = "15%" },
        };
        var userData = UserDataBuilder.Build(new Dictionary<string, string>(), [], "", KubeletFlags.For(kubelet));

        var bootstrap = UserDataReader.Read(userData);

        bootstrap.Kubelet.Should().NotBeNull();
        KubeletFlags.Line(bootstrap.Kubelet!).Should().Be("--max-pods=8 --system-reserved=cpu=500m,memory=1Gi --eviction-hard=memory.available<5%,nodefs.available<15%");
        UserDataReader.Read(UserDataBuilder.Build(new Dictionary<string, string>(), [], "")).Kubelet.Should().BeNull("no flags, no settings");
    }

    [Fact]
    public void The_registered_node_reports_the_allocatable_of_its_kubelet_flags()
    {
        // 4 vCPU / 8 GiB: capacity 8192 × 0.95 = 7782.4 MiB; 500m and 1 GiB reserved, 300 Mi hard eviction, 8 pods.
        var type = new InstanceType("ecs.g7.xlarge", "ecs.g7", "amd64", 4, 8, 0, []);
        var instance = new SchedulerExtender.Local.Ecs.EmulatedInstance("i-1", "cn-shenzhen", "cn-shenzhen-c", type.Name, CapacityType.Spot, "SpotAsPriceGo", "m-1", "vsw-1", "sg-1",
            "claim-a", "", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);
        var kubelet = new KubeletConfiguration
        {
            MaxPods = 8,
            SystemReserved = new SortedDictionary<string, string> { ["cpu"] = "500m", ["memory"] = "1Gi" },
            EvictionHard = new SortedDictionary<string, string> { ["memory.available"] = "300Mi" },
        };
        var bootstrap = UserDataReader.Read(UserDataBuilder.Build(new Dictionary<string, string>(), [], "", KubeletFlags.For(kubelet)));

        var node = NodeRegistration.Build(instance, type, bootstrap, new KubeletSimulatorOptions(), DateTimeOffset.UnixEpoch);

        node.Status.Allocatable["cpu"].ToString().Should().Be("3500m");
        node.Status.Allocatable["pods"].ToString().Should().Be("8");
        node.Status.Capacity["pods"].ToString().Should().Be("8");
        // (7782.4 − 1024 − 300) MiB = 6458.4 MiB, written in whole KiB.
        node.Status.Allocatable["memory"].ToString().Should().Be($"{(long)(6458.4 * 1024)}Ki");
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
