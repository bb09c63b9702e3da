namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>
/// How a simulated workload tells the kubelet its container exited — the only thing a real kubelet
/// learns from the process itself. The kubelet then finishes the pod: phase Succeeded (exit 0) or
/// Failed, or, when the pod is being deleted, removes it before its grace period is up.
/// </summary>
public interface IPodExitReporter
{
    void ReportExit(string podUid, int exitCode);
}
