using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>A driver or executor pod on the virtual clock: created, maybe nominated to a booting node, bound, gone.</summary>
internal sealed class SimPod(SimApp app, PodTemplate template, PodReference reference, double createdAt)
{
    public SimApp App { get; } = app;

    public PodTemplate Template { get; } = template;

    public SparkRole Role => Template.Role;

    public PodReference Reference { get; } = reference;

    public double CreatedAt { get; } = createdAt;

    public SimNode? Node { get; set; }

    public double StartedAt { get; set; }

    /// <summary>The booting node the provisioner launched or found for it.</summary>
    public SimNode? NominatedTo { get; set; }

    /// <summary>The provisioner found no capacity for it; it waits for a change rather than asking again.</summary>
    public bool Unschedulable { get; set; }

    public bool Gone { get; set; }
}
