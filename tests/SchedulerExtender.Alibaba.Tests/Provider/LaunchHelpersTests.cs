using System.Text;
using SchedulerExtender.Alibaba.Provider;
using SchedulerExtender.Core.Catalog;

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
    public void Oversized_user_data_is_rejected()
    {
        var act = () => UserDataBuilder.Build(new Dictionary<string, string>(), [], new string('x', UserDataBuilder.MaxBytes));
        act.Should().Throw<ArgumentException>().WithMessage("*32768*");
    }
}
