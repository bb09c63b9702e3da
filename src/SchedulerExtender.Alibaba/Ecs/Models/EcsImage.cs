namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>An image from DescribeImages (Architecture x86_64 or arm64).</summary>
public sealed record EcsImage(string ImageId, string ImageName, string ImageFamily, string Architecture, string OSType, string OSName, string ImageOwnerAlias, string Status, DateTimeOffset CreationTime);
