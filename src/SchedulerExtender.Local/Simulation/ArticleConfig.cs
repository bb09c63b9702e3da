using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Local.Simulation;

/// <summary>
/// The configuration the simulator uses without <c>--nodepool/--nodeclass</c>: the source
/// article's NodePool (amd64, linux, spot or on-demand, WhenEmptyOrUnderutilized after 1 m,
/// budget 95 % of nodes) and its ECSNodeClass's system disk (cloud_auto PL0, 20 GiB) — the
/// two parts of seed/nodepool.yaml and seed/nodeclass.yaml that decide launches and cost.
/// </summary>
public static class ArticleConfig
{
    public static ProvisioningConfig Create()
    {
        var nodeClass = new EcsNodeClass("defaultnodeclass", [], [], [], new SystemDisk(["cloud_auto"], "PL0", 20),
            new Dictionary<string, string>(), null);
        var pool = new NodePool("ecsnodepool", new Dictionary<string, string>(),
            [
                NodeSelectorRequirement.In(WellKnownLabels.Arch, "amd64"),
                NodeSelectorRequirement.In(WellKnownLabels.Os, "linux"),
                NodeSelectorRequirement.In(WellKnownLabels.CapacityType, "spot", "on-demand"),
            ],
            [], [], TimeSpan.FromHours(720), new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", nodeClass.Name),
            NodePoolLimits.None, 0,
            new Disruption(ConsolidationPolicy.WhenEmptyOrUnderutilized, TimeSpan.FromMinutes(1), [new DisruptionBudget(95, true, null, null, [])]));
        return new ProvisioningConfig([pool], [nodeClass]);
    }
}
