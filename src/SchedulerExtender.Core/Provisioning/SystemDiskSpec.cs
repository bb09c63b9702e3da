namespace SchedulerExtender.Core.Provisioning;

/// <summary>The system disk as ECSNodeClass describes it (category such as <c>cloud_auto</c>, size in GiB, optional performance level such as PL0).</summary>
public sealed record SystemDiskSpec(string Category, int SizeGiB, string? PerformanceLevel = null);
