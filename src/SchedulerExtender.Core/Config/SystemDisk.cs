namespace SchedulerExtender.Core.Config;

/// <summary>The system disk of launched nodes: categories tried in order, ESSD performance level, size in GiB.</summary>
public sealed record SystemDisk(IReadOnlyList<string> Categories, string PerformanceLevel, int? SizeGiB);
