using System.Text.Json;

namespace SchedulerExtender.Local.Simulation.Reports;

/// <summary>
/// Writes report.json exactly as DESIGN.md specifies: <c>currency</c>, <c>lowerBoundCost</c>,
/// <c>workload {apps, pods}</c>, <c>strategies {NAME: {...}}</c>; then, additive, the run's
/// context (<c>run</c>) and per-strategy extras (<c>extra</c>). Numbers are rounded for reading.
/// </summary>
public static class ReportJson
{
    public static byte[] Write(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("currency", result.Currency);
            w.WriteNumber("lowerBoundCost", Math.Round(result.LowerBoundCost, 4));
            w.WriteStartObject("workload");
            w.WriteNumber("apps", result.Apps);
            w.WriteNumber("pods", result.Pods);
            w.WriteEndObject();
            w.WriteStartObject("strategies");
            foreach (var s in result.Strategies)
            {
                w.WriteStartObject(s.Name);
                w.WriteNumber("cost", Math.Round(s.Cost, 4));
                w.WriteNumber("nodeHours", Math.Round(s.NodeHours, 3));
                w.WriteNumber("cpuUtilization", Math.Round(s.CpuUtilization, 4));
                w.WriteNumber("memoryUtilization", Math.Round(s.MemoryUtilization, 4));
                w.WriteNumber("jobsCompleted", s.JobsCompleted);
                w.WriteNumber("jobsFailed", s.JobsFailed);
                w.WriteNumber("podsNeverScheduled", s.PodsNeverScheduled);
                w.WriteNumber("driversOnSpot", s.DriversOnSpot);
                w.WriteNumber("executorsOnSpot", s.ExecutorsOnSpot);
                w.WriteNumber("executorsTotal", s.ExecutorsTotal);
                w.WriteStartObject("pendingSeconds");
                w.WriteNumber("p50", Math.Round(s.PendingSecondsP50, 1));
                w.WriteNumber("p99", Math.Round(s.PendingSecondsP99, 1));
                w.WriteEndObject();
                w.WriteNumber("interruptions", s.Interruptions);
                w.WriteNumber("orphanInstances", s.OrphanInstances);
                w.WriteNumber("nodesAtEnd", s.NodesAtEnd);
                w.WriteNumber("makespanSeconds", Math.Round(s.MakespanSeconds, 1));
                w.WriteStartObject("extra");
                w.WriteNumber("nodesLaunched", s.NodesLaunched);
                w.WriteNumber("driverRestarts", s.DriverRestarts);
                w.WriteNumber("workLostSeconds", Math.Round(s.WorkLostSeconds, 1));
                w.WriteNumber("spotCost", Math.Round(s.SpotCost, 4));
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("run");
            w.WriteString("workload", result.WorkloadName);
            w.WriteString("region", result.Region);
            w.WriteNumber("seed", result.Seed);
            w.WriteString("baselineInstanceType", result.BaselineInstanceType);
            w.WriteNumber("fixedPoolNodes", result.FixedPoolNodes);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
