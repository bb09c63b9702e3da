namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>A pool nobody shrinks.</summary>
internal sealed class NoConsolidation : IConsolidationStep
{
    public bool RemovesNodes => false;

    public void Evaluate(StrategyRun run)
    {
    }
}
