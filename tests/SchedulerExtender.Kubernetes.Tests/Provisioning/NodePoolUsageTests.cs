using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodePoolUsageTests
{
    private static readonly NodePool Pool = new(
        "pool", new Dictionary<string, string>(), [], [], [], null,
        new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "spark"), NodePoolLimits.None, 0, Core.Config.Disruption.Default);

    private static readonly EcsNodeClass NodeClass = new(
        "spark", [new SelectorTerm(new Dictionary<string, string>(), "vsw-1")], [new SelectorTerm(new Dictionary<string, string>(), "sg-1")],
        [new ImageSelectorTerm("AlibabaCloudLinux3", null)], new SystemDisk([], "PL0", 60), new Dictionary<string, string>(), null);

    [Fact]
    public void The_planners_pool_carries_its_node_classs_disk_and_kubelet_settings()
    {
        var kubelet = new KubeletConfiguration { MaxPods = 16 };
        var config = new ProvisioningConfig([Pool], [NodeClass with { Kubelet = kubelet }]);

        var state = NodePoolUsage.State(Pool, [], config);

        state.NodeEphemeralStorageBytes.Should().Be(60L << 30);
        state.Kubelet.Should().BeSameAs(kubelet);
        state.ReservationUnder(SolverOptions.Default).MaxPods.Should().Be(16);
    }

    [Fact]
    public void Without_kubelet_settings_or_a_node_class_the_pool_plans_with_the_solvers_reservation()
    {
        var withClass = NodePoolUsage.State(Pool, [], new ProvisioningConfig([Pool], [NodeClass]));
        var withoutClass = NodePoolUsage.State(Pool, [], new ProvisioningConfig([Pool], []));

        withClass.ReservationUnder(SolverOptions.Default).Should().BeSameAs(SolverOptions.Default.Reservation);
        withoutClass.ReservationUnder(SolverOptions.Default).Should().BeSameAs(SolverOptions.Default.Reservation);
        withoutClass.InUse.Should().Be(ResourceAmounts.Zero);
    }
}
