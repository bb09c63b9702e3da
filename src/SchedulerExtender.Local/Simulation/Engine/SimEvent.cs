namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>Something that happens at a point of virtual time.</summary>
internal readonly record struct SimEvent(SimEventKind Kind, SimApp? App = null, SimNode? Node = null, long Version = 0);

internal enum SimEventKind
{
    Submit,
    NodeReady,
    AppComplete,
    ReclaimNotice,
    Reclaim,
    Provision,
    Consolidate,
    Sample,
}
