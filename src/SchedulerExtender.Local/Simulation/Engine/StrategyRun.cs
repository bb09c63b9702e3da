using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// One strategy over the whole workload on a virtual clock: a discrete-event loop (events in
/// time order, ties in the order they were scheduled, so a run is deterministic). After the
/// events of one instant, pending pods are scheduled (repeatedly, as drivers create executors),
/// then pods that fit nowhere are batched for the provisioner.
/// </summary>
internal sealed partial class StrategyRun : INodeUsage
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly PriorityQueue<SimEvent, (double Time, long Seq)> events = new();
    private readonly List<SimApp> apps = [];
    private readonly PodTemplates templates;
    private readonly Random random;
    private readonly RunMeter meter = new();
    private readonly double lastSubmit;
    private readonly double expectedEnd;
    private long sequence;
    private int finishedApps;
    private double lastDoneAt;
    private bool provisionQueued;

    public StrategyRun(Strategy strategy, SimulationInput input, int strategyIndex)
    {
        Strategy = strategy;
        Input = input;
        Options = input.Options;
        Types = input.Catalog.TypesIn(input.Region);
        if (Types.Count == 0)
        {
            throw new ArgumentException($"region {input.Region} has no instance types in the price list");
        }

        TypesByName = Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Shape = new NodeShape(input);
        random = new Random(unchecked((Options.Seed * 397) + strategyIndex));
        templates = new PodTemplates(strategy.Webhook);
        var workload = input.Workload.Applications;
        for (var i = 0; i < workload.Count; i++)
        {
            var spec = workload[i];
            apps.Add(new SimApp(i, spec,
                templates.For(SparkRole.Driver, spec.DriverMilliCpu, spec.DriverMemoryMiB),
                templates.For(SparkRole.Executor, spec.ExecutorMilliCpu, spec.ExecutorMemoryMiB)));
        }

        lastSubmit = workload.Count == 0 ? 0 : workload.Max(a => a.SubmitSeconds);
        expectedEnd = workload.Count == 0 ? 1 : Math.Max(1, workload.Max(a => a.SubmitSeconds + a.DurationSeconds));
    }

    public const long MiB = 1024 * 1024;

    public Strategy Strategy { get; }

    public SimulationInput Input { get; }

    public SimulationOptions Options { get; }

    public IReadOnlyList<InstanceType> Types { get; }

    public IReadOnlyDictionary<string, InstanceType> TypesByName { get; }

    public NodeShape Shape { get; }

    /// <summary>Seconds since the start of the run.</summary>
    public double Now { get; private set; }

    /// <summary>The virtual time as a date, for Core decisions that take one.</summary>
    public DateTimeOffset Clock => Epoch.AddSeconds(Now);

    /// <summary>A point of the run as a date.</summary>
    public DateTimeOffset ClockAt(double seconds) => Epoch.AddSeconds(seconds);

    public StrategyResult Run(Action<double>? progress)
    {
        foreach (var app in apps)
        {
            Enqueue(app.Spec.SubmitSeconds, new SimEvent(SimEventKind.Submit, App: app));
        }

        Strategy.Provisioner.Start(this);
        Enqueue(0, new SimEvent(SimEventKind.Sample));
        if (Strategy.Consolidation.RemovesNodes)
        {
            Enqueue(Options.DisruptionInterval.TotalSeconds, new SimEvent(SimEventKind.Consolidate));
        }

        var reported = -1;
        while (events.TryDequeue(out var e, out var key))
        {
            AdvanceTo(key.Time);
            Handle(e);
            if (events.TryPeek(out _, out var next) && next.Time <= Now)
            {
                continue;
            }

            Settle();
            var percent = (int)Math.Min(100, 100 * Now / expectedEnd);
            if (progress is not null && percent != reported)
            {
                reported = percent;
                progress(percent / 100.0);
            }

            if (IsFinished())
            {
                break;
            }
        }

        return Result();
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Submit:
                CreateDriver(e.App!);
                break;
            case SimEventKind.NodeReady:
                MarkReady(e.Node!);
                break;
            case SimEventKind.AppComplete:
                if (!e.App!.Done && e.App.Version == e.Version)
                {
                    FinishApp(e.App);
                }

                break;
            case SimEventKind.ReclaimNotice:
                if (!e.Node!.Gone)
                {
                    meter.Interruptions++;
                    e.Node.ReclaimNoticeAt = Now;
                    if (Options.ReclaimNotice > TimeSpan.Zero)
                    {
                        Strategy.Consolidation.HandleReclaimNotice(this, e.Node);
                    }

                    Enqueue(Now + Options.ReclaimNotice.TotalSeconds, new SimEvent(SimEventKind.Reclaim, Node: e.Node));
                }

                break;
            case SimEventKind.Reclaim:
                // The instance is released: whatever still runs there is killed.
                Remove(e.Node!);
                break;
            case SimEventKind.Provision:
                provisionQueued = false;
                var waiting = pending.Where(p => !p.Gone && p.Node is null && p.NominatedTo is null).ToList();
                if (waiting.Count > 0)
                {
                    Strategy.Provisioner.Provision(this, waiting);
                }

                break;
            case SimEventKind.Consolidate:
                Strategy.Consolidation.Evaluate(this);
                dirty = true;
                Enqueue(Now + Options.DisruptionInterval.TotalSeconds, e);
                break;
            case SimEventKind.Sample:
                meter.Sample(Now);
                Enqueue(Now + Options.SampleInterval.TotalSeconds, e);
                break;
        }
    }

    private bool IsFinished()
    {
        if (Now >= lastSubmit + Options.MaxRunAfterLastSubmit.TotalSeconds)
        {
            return true;
        }

        return finishedApps == apps.Count
            && (!Strategy.Consolidation.RemovesNodes || alive.Count == 0 || Now >= lastDoneAt + Options.DrainWindow.TotalSeconds);
    }

    private void Enqueue(double time, SimEvent e) => events.Enqueue(e, (time, sequence++));

    private void AdvanceTo(double time)
    {
        if (time > Now)
        {
            meter.Integrate(time - Now);
            Now = time;
        }
    }

    private StrategyResult Result()
    {
        meter.Sample(Now);
        return new StrategyResult
        {
            Name = Strategy.Name,
            Cost = meter.Cost,
            NodeHours = meter.NodeSeconds / 3600,
            CpuUtilization = meter.CpuUtilization,
            MemoryUtilization = meter.MemoryUtilization,
            JobsCompleted = meter.JobsCompleted,
            JobsFailed = apps.Count - meter.JobsCompleted,
            PodsNeverScheduled = pending.Count(p => !p.Gone && p.Node is null),
            DriversOnSpot = meter.DriversOnSpot,
            ExecutorsOnSpot = meter.ExecutorsOnSpot,
            ExecutorsTotal = meter.ExecutorsTotal,
            PendingSecondsP50 = meter.PendingPercentile(0.50),
            PendingSecondsP99 = meter.PendingPercentile(0.99),
            Interruptions = meter.Interruptions,
            // Instances still billed at the end that are no Ready node: still booting, or lost track of.
            OrphanInstances = alive.Count(n => !n.Ready) + (meter.Nodes - alive.Count),
            NodesAtEnd = alive.Count,
            MakespanSeconds = lastDoneAt,
            NodesLaunched = meter.NodesLaunched,
            DriverRestarts = meter.DriverRestarts,
            WorkLostSeconds = meter.WorkLost,
            SpotCost = meter.SpotCost,
            Series = meter.Samples,
        };
    }

    ResourceAmounts? INodeUsage.Requested(string nodeName) => byName.TryGetValue(nodeName, out var node) ? node.Requested : null;
}
