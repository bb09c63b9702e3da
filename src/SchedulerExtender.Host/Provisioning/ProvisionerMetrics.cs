using Prometheus;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// Prometheus metrics of the provisioner (<c>schedext_provisioner_*</c>), in base units. Label
/// values are bounded: failure reasons are a fixed set, instance types and capacity types those
/// of the catalogue.
/// </summary>
public sealed class ProvisionerMetrics : IProvisionerMetrics
{
    private readonly Gauge _pending;
    private readonly Histogram _batchSize;
    private readonly Histogram _solveDuration;
    private readonly Counter _created;
    private readonly Counter _registered;
    private readonly Counter _failed;
    private readonly Counter _launches;
    private readonly Gauge _nodeClaims;
    private readonly Histogram _podPending;
    private readonly Gauge _leader;
    private readonly HashSet<(string NodePool, string State)> _nodeClaimSeries = [];
    private readonly HashSet<string> _failurePools = [];
    private readonly Lock _nodeClaimsLock = new();

    /// <summary>The reasons the provisioner gives up a NodeClaim for (the label values of <c>schedext_provisioner_node_claims_failed_total</c>).</summary>
    public static readonly IReadOnlyList<string> FailureReasons = ["insufficient_capacity", "registration_timeout", "instance_gone", "node_gone", "launch_error"];

    public ProvisionerMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _pending = factory.CreateGauge("schedext_provisioner_pending_pods", "Pods the scheduler marked Unschedulable, waiting for capacity.");
        _batchSize = factory.CreateHistogram("schedext_provisioner_batch_size", "Pending pods planned together in one batch.",
            new HistogramConfiguration { Buckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });
        _solveDuration = factory.CreateHistogram("schedext_provisioner_solve_duration_seconds", "Time the solver took to plan one batch.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        _created = factory.CreateCounter("schedext_provisioner_node_claims_created_total", "NodeClaims created.");
        _registered = factory.CreateCounter("schedext_provisioner_node_claims_registered_total", "NodeClaims whose node joined the cluster.");
        _failed = factory.CreateCounter("schedext_provisioner_node_claims_failed_total", "NodeClaims given up, by node pool and reason.",
            new CounterConfiguration { LabelNames = ["nodepool", "reason"] });

        _launches = factory.CreateCounter("schedext_provisioner_launches_total", "Instances launched, by instance type and capacity type.",
            new CounterConfiguration { LabelNames = ["instance_type", "capacity_type"] });
        _nodeClaims = factory.CreateGauge("schedext_node_claims", "NodeClaims by node pool and state (launching, registered, initialized, terminating).",
            new GaugeConfiguration { LabelNames = ["nodepool", "state"] });
        // From a pod already fitting a node (seconds) to one waiting for a node to boot and join (minutes).
        _podPending = factory.CreateHistogram("schedext_pod_pending_seconds", "Time from a pod's creation to its binding, by Spark role.",
            new HistogramConfiguration { LabelNames = ["role"], Buckets = [1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1800] });
        // No sample until the provisioner campaigns: with the provisioner disabled there is no leader to miss,
        // so "no replica reports 1" can alert without firing on installations that never provision.
        _leader = factory.CreateGauge("schedext_provisioner_leader", "1 while this replica holds the provisioner Lease and runs the provisioner, 0 while it campaigns; absent when the provisioner is disabled.",
            new GaugeConfiguration { SuppressInitialValue = true });
    }

    /// <summary>This replica campaigns (false) or leads (true).</summary>
    public void Leading(bool leading) => _leader.Set(leading ? 1 : 0);

    public void PendingPods(int count) => _pending.Set(count);

    public void BatchPlanned(int pods, TimeSpan solveDuration)
    {
        _batchSize.Observe(pods);
        _solveDuration.Observe(solveDuration.TotalSeconds);
    }

    public void ClaimCreated(string nodePool)
    {
        StartFailureSeries(nodePool);
        _created.Inc();
    }

    public void ClaimRegistered() => _registered.Inc();

    public void ClaimFailed(string nodePool, string reason)
    {
        StartFailureSeries(nodePool);
        _failed.WithLabels(nodePool, reason).Inc();
    }

    /// <summary>
    /// Every reason of a pool starts at 0 before its first claim can fail: a series born at its
    /// first failure hides that failure from increase(), so an alert would miss it. Pools are met
    /// when this replica creates a claim or counts the claims a previous leader left.
    /// </summary>
    private void StartFailureSeries(string nodePool)
    {
        lock (_failurePools)
        {
            if (!_failurePools.Add(nodePool))
            {
                return;
            }
        }

        foreach (var reason in FailureReasons)
        {
            _failed.WithLabels(nodePool, reason);
        }
    }

    public void Launched(string instanceType, string capacityType) => _launches.WithLabels(instanceType, capacityType).Inc();

    public void NodeClaims(IReadOnlyDictionary<(string NodePool, string State), int> counts)
    {
        // A combination seen before but absent now drops to zero rather than keeping its last count.
        lock (_nodeClaimsLock)
        {
            foreach (var series in _nodeClaimSeries.Except(counts.Keys))
            {
                _nodeClaims.WithLabels(series.NodePool, series.State).Set(0);
            }

            foreach (var (series, count) in counts)
            {
                StartFailureSeries(series.NodePool);
                _nodeClaimSeries.Add(series);
                _nodeClaims.WithLabels(series.NodePool, series.State).Set(count);
            }
        }
    }

    public void PodBound(string role, TimeSpan pending) => _podPending.WithLabels(role).Observe(pending.TotalSeconds);
}
