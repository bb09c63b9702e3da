using System.Globalization;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>Nodes: launch (billing starts), boot, removal with its pods, spot reclaims.</summary>
internal sealed partial class StrategyRun
{
    private readonly List<SimNode> alive = [];
    private readonly List<SimNode> ready = [];
    private readonly Dictionary<string, SimNode> byName = new(StringComparer.Ordinal);
    private int nodeSerial;

    /// <summary>Offerings the product saw reclaimed, kept out of launches until their time runs out (its no-stock memory).</summary>
    public List<UnavailableOffering> Unavailable { get; } = [];

    /// <summary>Nodes launched and not yet removed, Ready or booting, in launch order.</summary>
    public IReadOnlyList<SimNode> Nodes => alive;

    public SimNode? NodeByName(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// Launches an instance: billed from now, Ready after the boot delay (at once when
    /// <paramref name="readyNow"/>, for capacity that exists before the run). Spot instances get
    /// their reclaim time drawn from the seeded model.
    /// </summary>
    public SimNode Launch(InstanceType type, Offering offering, NodePool? pool, bool readyNow = false)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"node-{++nodeSerial:D5}");
        var labels = OfferingLabels.For(type, offering, pool);
        var allocatable = Shape.AllocatableOf(type);
        var info = NodeInfo.Named(name, labels, allocatable);
        var node = new SimNode(nodeSerial, type, offering, pool?.Name, info, allocatable, offering.PricePerHour + Shape.CostPerHour, Now);
        alive.Add(node);
        byName[name] = node;
        meter.Launched(node);
        ClusterVersion++;
        if (readyNow)
        {
            MarkReady(node);
        }
        else
        {
            Enqueue(Now + Options.BootDelay.TotalSeconds, new SimEvent(SimEventKind.NodeReady, Node: node));
        }

        if (offering.CapacityType == CapacityType.Spot)
        {
            var rate = Options.ReclaimRatePerHour ?? offering.InterruptionRate ?? SpotInterruption.DefaultRatePerHour;
            if (rate > 0)
            {
                var hours = -Math.Log(1 - random.NextDouble()) / rate;
                Enqueue(Now + (hours * 3600), new SimEvent(SimEventKind.ReclaimNotice, Node: node));
            }
        }

        return node;
    }

    /// <summary>
    /// Deletes a node now: its pods are killed (their owners re-create them), pods waiting for it
    /// go back to pending, billing stops.
    /// </summary>
    public void Remove(SimNode node)
    {
        if (node.Gone)
        {
            return;
        }

        node.Gone = true;
        alive.Remove(node);
        ready.Remove(node);
        byName.Remove(node.Name);
        meter.Removed(node);
        ClusterVersion++;
        foreach (var pod in node.Pods.ToList())
        {
            Lose(pod);
        }

        if (node.Nominated != ResourceAmounts.Zero)
        {
            foreach (var pod in pending)
            {
                if (pod.NominatedTo == node)
                {
                    Unnominate(pod, node);
                }
            }
        }

        foreach (var pod in pending)
        {
            pod.Unschedulable = false;
        }

        dirty = true;
    }

    private void MarkReady(SimNode node)
    {
        if (node.Gone)
        {
            return;
        }

        node.Ready = true;
        ClusterVersion++;
        node.IdleSince = Now;
        ready.Add(node);
        justReady.Add(node);
        dirty = true;
    }
}
