using System.Text;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Alibaba.Tests.Provider;

public sealed class LaunchHelpersTests
{
    [Fact]
    public void Launch_tokens_are_stable_per_claim_and_offering_and_fit_ECS_limits()
    {
        var token = LaunchTokens.For("claim-a", "ecs.g7.large", "cn-shenzhen-c", CapacityType.Spot);

        token.Should().Be(LaunchTokens.For("claim-a", "ecs.g7.large", "cn-shenzhen-c", CapacityType.Spot));
        token.Length.Should().BeLessThanOrEqualTo(64);
        token.Should().MatchRegex("^[a-z0-9-]+$");
        new[]
        {
            LaunchTokens.For("claim-b", "ecs.g7.large", "cn-shenzhen-c", CapacityType.Spot),
            LaunchTokens.For("claim-a", "ecs.g7.xlarge", "cn-shenzhen-c", CapacityType.Spot),
            LaunchTokens.For("claim-a", "ecs.g7.large", "cn-shenzhen-d", CapacityType.Spot),
            LaunchTokens.For("claim-a", "ecs.g7.large", "cn-shenzhen-c", CapacityType.OnDemand),
        }.Should().NotContain(token).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void User_data_exports_labels_and_taints_quoted_before_the_script()
    {
        var encoded = UserDataBuilder.Build(
            new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot", ["a"] = "it's" },
            ["dedicated=spark:NoSchedule"],
            "#!/bin/sh\necho join\n");
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));

        text.Should().Be("#!/bin/bash\n"
            + "export SCHEDEXT_NODE_LABELS='a=it'\\''s,karpenter.sh/capacity-type=spot'\n"
            + "export SCHEDEXT_NODE_TAINTS='dedicated=spark:NoSchedule'\n"
            + "echo join\n");
    }

    [Fact]
    public void User_data_exports_the_kubelet_flags_quoted_when_the_node_class_sets_them()
    {
        var kubelet = new KubeletConfiguration
        {
            MaxPods = 20,
            KubeReserved = new SortedDictionary<string, string> { ["cpu"] = "200m", ["memory"] = "1Gi" },
            EvictionHard = new SortedDictionary<string, string> { ["memory.available"] = "500Mi", ["nodefs.available"] = "10%" },
            EvictionSoft = new SortedDictionary<string, string> { ["memory.available"] = "1Gi" },
            EvictionSoftGracePeriod = new SortedDictionary<string, string> { ["memory.available"] = "1m30s" },
        };

        var encoded = UserDataBuilder.Build(new Dictionary<string, string>(), [], "#!/bin/sh\nexec kubelet $SCHEDEXT_KUBELET_ARGS\n", KubeletFlags.For(kubelet));
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));

        // Single quotes: the shell expands nothing, and '<' is not a redirection.
        text.Should().Be("#!/bin/bash\n"
            + "export SCHEDEXT_NODE_LABELS=''\n"
            + "export SCHEDEXT_NODE_TAINTS=''\n"
            + "export SCHEDEXT_KUBELET_ARGS='--max-pods=20 --kube-reserved=cpu=200m,memory=1Gi --eviction-hard=memory.available<500Mi,nodefs.available<10% "
            + "--eviction-soft=memory.available<1Gi --eviction-soft-grace-period=memory.available=1m30s'\n"
            + "exec kubelet $SCHEDEXT_KUBELET_ARGS\n");
        Encoding.UTF8.GetString(Convert.FromBase64String(UserDataBuilder.Build(new Dictionary<string, string>(), [], "", [])))
            .Should().NotContain("SCHEDEXT_KUBELET_ARGS", "a class without kubelet settings keeps the user data it always had");
    }

    [Fact]
    public void Oversized_user_data_is_rejected()
    {
        var act = () => UserDataBuilder.Build(new Dictionary<string, string>(), [], new string('x', UserDataBuilder.MaxBytes));
        act.Should().Throw<ArgumentException>().WithMessage("*32768*");
    }
}
