namespace SchedulerExtender.Core.Config;

/// <summary>An image selector term: an ACK image family alias (AlibabaCloudLinux3, ContainerOS) or an image id.</summary>
public sealed record ImageSelectorTerm(string? Alias, string? Id);
