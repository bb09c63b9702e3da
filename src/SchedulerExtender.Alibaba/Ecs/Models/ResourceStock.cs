namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>DescribeAvailableResource: whether a type can be bought in a zone (Status Available / SoldOut).</summary>
public sealed record ResourceStock(string ZoneId, string InstanceType, string Status, string StatusCategory)
{
    public bool Available => Status == "Available";
}
