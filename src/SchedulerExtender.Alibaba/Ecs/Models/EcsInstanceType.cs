namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>A type from DescribeInstanceTypes; memory in GiB as that action reports it, CpuArchitecture X86 or ARM.</summary>
public sealed record EcsInstanceType(string InstanceTypeId, string InstanceTypeFamily, int CpuCoreCount, double MemoryGiB, string CpuArchitecture, int GpuAmount);
