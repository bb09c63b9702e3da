using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// A node (an ECS instance) on the virtual clock: billed from launch at its offering's price
/// plus the per-node cost (system disk), Ready after the boot delay, gone when removed or reclaimed.
/// <see cref="Allocatable"/> is what Spark pods can use (after ACK's reservation and the DaemonSets).
/// </summary>
internal sealed class SimNode(int id, InstanceType type, Offering offering, string? nodePool, NodeInfo info, ResourceAmounts allocatable, double pricePerHour, double launchedAt)
{
    private readonly Dictionary<int, bool> matches = [];

    public int Id { get; } = id;

    public string Name => Info.Name;

    public InstanceType Type { get; } = type;

    public Offering Offering { get; } = offering;

    public CapacityType CapacityType => Offering.CapacityType;

    public string? NodePool { get; } = nodePool;

    public NodeInfo Info { get; } = info;

    public ResourceAmounts Allocatable { get; } = allocatable;

    public double PricePerHour { get; } = pricePerHour;

    public double LaunchedAt { get; } = launchedAt;

    public bool Ready { get; set; }

    public bool Gone { get; set; }

    public ResourceAmounts Requested { get; set; }

    /// <summary>The last time a pod was bound to or left the node (its launch when none yet).</summary>
    public double LastPodEventAt { get; set; } = launchedAt;

    /// <summary>Being replaced or drained: the scheduler places nothing new on it.</summary>
    public bool Cordoned { get; set; }

    /// <summary>The node launched to replace this one; this one goes once that one is Ready.</summary>
    public SimNode? ReplacedBy { get; set; }

    /// <summary>When the cloud announced this spot instance's release (null: no notice yet).</summary>
    public double? ReclaimNoticeAt { get; set; }

    /// <summary>Requests of pending pods nominated to this node while it boots.</summary>
    public ResourceAmounts Nominated { get; set; }

    public List<SimPod> Pods { get; } = [];

    /// <summary>Since when the node has been empty / under-used (the disruption models' timers).</summary>
    public double? IdleSince { get; set; }

    public ResourceAmounts Free => Allocatable - Requested;

    public bool Fits(ResourceAmounts request) => Free.CopiesOf(request) >= 1;

    /// <summary>Whether the node's labels satisfy the template's terms (cached: labels never change).</summary>
    public bool Allows(PodTemplate template)
    {
        if (!matches.TryGetValue(template.TermsId, out var allowed))
        {
            allowed = template.Allows(Info.Labels);
            matches[template.TermsId] = allowed;
        }

        return allowed;
    }

    /// <summary>The larger of requested CPU and memory over allocatable (Cluster Autoscaler's utilisation).</summary>
    public double Utilisation => Math.Max(
        Allocatable.MilliCpu > 0 ? (double)Requested.MilliCpu / Allocatable.MilliCpu : 0,
        Allocatable.MemoryBytes > 0 ? (double)Requested.MemoryBytes / Allocatable.MemoryBytes : 0);
}
