namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// A Spark pod a scenario needs (1 vCPU, 896 MiB unless told), optionally pinned to a zone so that
/// pods land on separate nodes, and to a capacity type (as the webhook pins executors to spot).
/// </summary>
internal sealed record TestPod(string Name, string Role, string? Zone = null, string App = "spark-pi", string Cpu = "1", string Memory = "896Mi", string? CapacityType = null);
