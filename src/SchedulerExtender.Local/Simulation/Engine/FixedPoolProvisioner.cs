namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// The article's "traditional fixed resource pool": <see cref="Size"/> on-demand nodes of one
/// type, up before the first job and never added to or removed; pods that fit nowhere queue.
/// </summary>
internal sealed class FixedPoolProvisioner(NodeGroup group, int size) : IProvisioner
{
    public void Start(StrategyRun run)
    {
        for (var i = 0; i < size; i++)
        {
            run.Launch(group.Type, group.Offering, pool: null, readyNow: true);
        }
    }

    public void Provision(StrategyRun run, List<SimPod> pods)
    {
        foreach (var pod in pods)
        {
            pod.Unschedulable = true;
        }
    }
}
