namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A security group from DescribeSecurityGroups.</summary>
public sealed record EcsSecurityGroup(string SecurityGroupId, string SecurityGroupName, string VpcId, IReadOnlyDictionary<string, string> Tags);
