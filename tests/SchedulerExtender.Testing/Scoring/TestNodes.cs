using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Testing.Scoring;

/// <summary>Builders for <see cref="NodeInfo"/> with Karpenter-style labels.</summary>
public static class TestNodes
{
    public const string Zone = "cn-hangzhou-h";

    public static NodeInfo Spot(string name, string instanceType = "ecs.g7.xlarge", double cpu = 4, double memGiB = 16, string zone = Zone) =>
        Node(name, "spot", instanceType, cpu, memGiB, zone);

    public static NodeInfo OnDemand(string name, string instanceType = "ecs.g7.xlarge", double cpu = 4, double memGiB = 16, string zone = Zone) =>
        Node(name, "on-demand", instanceType, cpu, memGiB, zone);

    public static NodeInfo Node(string name, string? capacityType, string instanceType, double cpu, double memGiB, string zone = Zone)
    {
        var labels = new Dictionary<string, string>
        {
            [NodeLabels.InstanceType] = instanceType,
            [NodeLabels.Zone] = zone,
        };
        if (capacityType is not null)
        {
            labels[SpotNodeRule.DefaultLabel] = capacityType;
        }

        return NodeInfo.Named(name, labels, Resources(cpu, memGiB));
    }

    public static ResourceAmounts Resources(double cpu, double memGiB) =>
        new((long)(cpu * 1000), (long)(memGiB * 1024 * 1024 * 1024));
}
