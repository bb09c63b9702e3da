namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>A Spark pod a scenario needs (1 vCPU, 896 MiB), optionally pinned to a zone so that pods land on separate nodes.</summary>
internal sealed record TestPod(string Name, string Role, string? Zone = null, string App = "spark-pi");
