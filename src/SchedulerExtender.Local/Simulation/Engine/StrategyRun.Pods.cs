using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>Pods: creation as spark-submit and the driver do it, scheduling, binding, completion and loss.</summary>
internal sealed partial class StrategyRun
{
    private readonly HashSet<PodTemplate> failedThisPass = [];
    private readonly List<SimNode> feasible = [];
    private readonly List<SimNode> justReady = [];
    private List<SimPod> pending = [];
    private List<SimPod> nextPending = [];
    private List<SimPod> created = [];
    private bool dirty;

    /// <summary>Pods created and not running yet (some may be nominated to a booting node).</summary>
    public IEnumerable<SimPod> PendingPods => pending.Where(p => !p.Gone && p.Node is null);

    /// <summary>Bumped by every change of nodes or pods, so steps can tell that nothing changed since they last looked.</summary>
    public long ClusterVersion { get; private set; }

    /// <summary>Schedules until nothing changes, releases nominations to nodes that came up, batches the rest for the provisioner.</summary>
    private void Settle()
    {
        while (dirty)
        {
            dirty = false;
            SchedulePass();
        }

        if (justReady.Count > 0)
        {
            // Pods nominated to a node that is up but did not get them go back to the provisioner.
            foreach (var pod in pending)
            {
                if (pod.NominatedTo is { Ready: true } node)
                {
                    Unnominate(pod, node);
                }
            }

            justReady.Clear();
        }

        if (!provisionQueued && pending.Any(p => !p.Gone && p.Node is null && p.NominatedTo is null && !p.Unschedulable))
        {
            provisionQueued = true;
            Enqueue(Now + Options.ProvisioningBatch.TotalSeconds, new SimEvent(SimEventKind.Provision));
        }
    }

    private void SchedulePass()
    {
        failedThisPass.Clear();
        nextPending.Clear();
        foreach (var pod in pending)
        {
            if (pod.Gone || pod.Node is not null)
            {
                continue;
            }

            var node = failedThisPass.Contains(pod.Template) ? null : Place(pod);
            if (node is null)
            {
                failedThisPass.Add(pod.Template);
                nextPending.Add(pod);
                continue;
            }

            Bind(pod, node);
        }

        (pending, nextPending) = (nextPending, pending);
        if (created.Count > 0)
        {
            pending.AddRange(created);
            created.Clear();
            dirty = true;
        }
    }

    private SimNode? Place(SimPod pod)
    {
        feasible.Clear();
        var request = pod.Template.Requests;
        foreach (var node in ready)
        {
            if (!node.Cordoned && node.Fits(request) && node.Allows(pod.Template))
            {
                feasible.Add(node);
            }
        }

        return feasible.Count == 0 ? null : Strategy.Ranker.Choose(pod, feasible, this);
    }

    private void Bind(SimPod pod, SimNode node)
    {
        if (pod.NominatedTo is { } nominated)
        {
            Unnominate(pod, nominated);
        }

        pod.Node = node;
        pod.StartedAt = Now;
        node.Requested += pod.Template.Requests;
        node.Pods.Add(pod);
        node.IdleSince = null;
        node.LastPodEventAt = Now;
        ClusterVersion++;
        meter.Bound(pod, node, Now);
        var app = pod.App;
        if (pod.Role == SparkRole.Driver)
        {
            for (var i = 0; i < app.Spec.Executors; i++)
            {
                CreateExecutor(app);
            }
        }
        else
        {
            app.Advance(Now);
            app.Running++;
            ScheduleCompletion(app);
        }
    }

    private void CreateDriver(SimApp app)
    {
        var suffix = app.DriverSerial++ == 0 ? "driver" : $"driver-{app.DriverSerial}";
        var driver = new SimPod(app, app.DriverTemplate, new PodReference(app.Spec.Namespace, $"{app.Spec.App}-{suffix}"), Now);
        app.Driver = driver;
        meter.Created(driver);
        created.Add(driver);
        ClusterVersion++;
        dirty = true;
    }

    private void CreateExecutor(SimApp app)
    {
        var executor = new SimPod(app, app.ExecutorTemplate, new PodReference(app.Spec.Namespace, $"{app.Spec.App}-exec-{++app.ExecutorSerial}"), Now);
        app.Executors.Add(executor);
        meter.Created(executor);
        created.Add(executor);
        ClusterVersion++;
    }

    private void ScheduleCompletion(SimApp app)
    {
        app.Version++;
        if (app.Running > 0)
        {
            Enqueue(Now + (app.RemainingWork / app.Running), new SimEvent(SimEventKind.AppComplete, App: app, Version: app.Version));
        }
    }

    private void FinishApp(SimApp app)
    {
        app.Advance(Now);
        app.Done = true;
        finishedApps++;
        lastDoneAt = Now;
        meter.JobCompleted(app);
        foreach (var executor in app.Executors)
        {
            Delete(executor);
        }

        app.Executors.Clear();
        app.Running = 0;
        Delete(app.Driver!);
        dirty = true;
    }

    /// <summary>
    /// An executor evicted with Spark's decommission (the product's drain within a reclaim
    /// notice): it finishes or hands over its tasks and blocks before it exits, so no work is
    /// redone; its driver asks for a new one. Any other pod is lost as by <see cref="Lose"/>.
    /// </summary>
    public void EvictGracefully(SimPod pod) => Lose(pod, pod.Role == SparkRole.Executor ? 0 : Options.LostWorkPerExecutor.TotalSeconds);

    /// <summary>A pod that was killed (reclaim, eviction): its owner re-creates it and lost work is redone.</summary>
    private void Lose(SimPod pod) => Lose(pod, Options.LostWorkPerExecutor.TotalSeconds);

    private void Lose(SimPod pod, double maxLostSeconds)
    {
        Delete(pod);
        var app = pod.App;
        if (app.Done)
        {
            return;
        }

        if (pod.Role == SparkRole.Executor)
        {
            app.Advance(Now);
            app.Running--;
            var lost = Math.Min(Now - pod.StartedAt, maxLostSeconds);
            app.RemainingWork = Math.Min(app.Spec.Executors * app.Spec.DurationSeconds, app.RemainingWork + lost);
            meter.WorkLost += lost;
            app.Executors.Remove(pod);
            CreateExecutor(app);
            ScheduleCompletion(app);
            dirty = true;
            return;
        }

        // A lost driver takes its application with it: Spark deletes the executors, the job is resubmitted from scratch.
        app.Advance(Now);
        meter.WorkLost += (app.Spec.Executors * app.Spec.DurationSeconds) - app.RemainingWork;
        foreach (var executor in app.Executors)
        {
            Delete(executor);
        }

        app.Executors.Clear();
        app.Running = 0;
        app.RemainingWork = app.Spec.Executors * app.Spec.DurationSeconds;
        app.Restarts++;
        meter.DriverRestarts++;
        app.Version++;
        CreateDriver(app);
    }

    /// <summary>Removes a pod from wherever it is (a node, a nomination, the pending queue).</summary>
    private void Delete(SimPod pod)
    {
        if (pod.Gone)
        {
            return;
        }

        pod.Gone = true;
        if (pod.NominatedTo is { } nominated)
        {
            Unnominate(pod, nominated);
        }

        if (pod.Node is { } node)
        {
            node.Requested -= pod.Template.Requests;
            node.Pods.Remove(pod);
            meter.Unbound(pod, node);
            node.LastPodEventAt = Now;
            ClusterVersion++;
            if (node.Pods.Count == 0)
            {
                node.IdleSince = Now;
            }
        }
    }

    /// <summary>Reserves room on a booting node for a pending pod (the provisioner's nomination).</summary>
    public void Nominate(SimPod pod, SimNode node)
    {
        pod.NominatedTo = node;
        node.Nominated += pod.Template.Requests;
    }

    private static void Unnominate(SimPod pod, SimNode node)
    {
        node.Nominated -= pod.Template.Requests;
        pod.NominatedTo = null;
    }
}
