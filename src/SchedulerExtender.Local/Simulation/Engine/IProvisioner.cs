namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>How a strategy gets capacity: nodes at the start, and for pods no Ready node can take.</summary>
internal interface IProvisioner
{
    void Start(StrategyRun run);

    /// <summary>Pods that fit no Ready node and are not yet waiting for a booting one.</summary>
    void Provision(StrategyRun run, List<SimPod> pods);
}
