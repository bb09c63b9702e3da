using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

/// <summary>
/// Turns what the caches and the cloud show into the planner's <see cref="ClusterSnapshot"/>:
/// one <see cref="ClusterNode"/> per registered NodeClaim with its Node and pods, the claims still
/// launching as in-flight capacity, the pending pods, the pools' usage and the offerings known to
/// be unavailable. A node is <c>Disrupting</c> once its claim awaits replacements, its node is
/// tainted <c>karpenter.sh/disrupted</c> or its claim is deleting: the controller's persisted progress.
/// </summary>
public static class DisruptionSnapshotBuilder
{
    public const string DoNotDisruptAnnotation = "karpenter.sh/do-not-disrupt";

    /// <summary>What one pass observed, read once.</summary>
    public sealed record Observation(
        ProvisioningConfig Config,
        IReadOnlyList<InstanceType> Catalog,
        IReadOnlyList<NodeClaimResource> Claims,
        IReadOnlyCollection<V1Node> Nodes,
        IReadOnlyCollection<V1Pod> Pods,
        IReadOnlyList<UnavailableOffering> Unavailable)
    {
        /// <summary>The PodDisruptionBudgets and which pods they hold now; none unless given.</summary>
        public PodDisruptionBudgetIndex DisruptionBudgets { get; init; } = PodDisruptionBudgetIndex.Empty;

        /// <summary>The DaemonSets a replacement node would run (<see cref="DaemonSetPods.Read"/>); none unless given.</summary>
        public IReadOnlyList<DaemonSetPod> DaemonSets { get; init; } = [];

        /// <summary>
        /// Claims among <see cref="Claims"/> whose instance was looked up and found not launched by
        /// schedext (<see cref="UnmanagedClaims.TryGetFound"/>): the only ones <see cref="IsRetiring"/> can hold for.
        /// </summary>
        public IReadOnlySet<string> FoundUnmanaged { get; init; } = new HashSet<string>();
    }

    /// <param name="lastPodEvent">The last time a pod was bound to or left the node (by node name), if known.</param>
    /// <param name="reclaimNoticeAt">When a reclaim notice for the node was first seen (by node name), if any.</param>
    public static ClusterSnapshot Build(Observation observed, Func<string, DateTimeOffset?> lastPodEvent, Func<string, DateTimeOffset?> reclaimNoticeAt)
    {
        var nodesByName = observed.Nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var podsByNode = observed.Pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)).ToLookup(p => p.Spec.NodeName, StringComparer.Ordinal);
        var runningApps = RunningApplications(observed.Pods);
        var nodes = new List<ClusterNode>();
        var launching = new List<InFlightClaim>();
        foreach (var claim in observed.Claims)
        {
            var node = claim.NodeName is { } name ? nodesByName.GetValueOrDefault(name) : null;
            if (node is null || claim.Allocatable is null || !claim.Labels.ContainsKey(WellKnownLabels.InstanceType))
            {
                if (!claim.Deleting)
                {
                    // The pods already on its node, if it has one (for host ports, anti-affinity, spread).
                    List<ScheduledPod> onNode = claim.NodeName is { } nodeName
                        ? [.. podsByNode[nodeName].Where(p => !IsTerminal(p)).Select(PendingPods.Scheduled)]
                        : [];
                    launching.Add(new InFlightClaim(claim.Name, claim.Spec.NodePool, claim.Labels, claim.Taints, claim.Spec.Requests, onNode));
                }

                continue;
            }

            var clusterNode = ToClusterNode(claim, node, podsByNode[node.Metadata.Name], runningApps, observed.Catalog, lastPodEvent, reclaimNoticeAt, observed.DisruptionBudgets);
            nodes.Add(IsRetiring(claim, observed.FoundUnmanaged.Contains(claim.Name))
                // Not ours: its hashes (Karpenter's) are not judged; retirement is its only reason.
                ? clusterNode with { Retiring = true }
                : clusterNode with { Drifted = WhyDrifted(claim, clusterNode, observed.Config) is not null });
        }

        var pending = observed.Pods.Where(PendingPods.IsPending).Select(p => PendingPods.Read(p, out _)).OfType<PendingPod>().ToList();
        var pools = observed.Config.NodePools
            .Select(p => NodePoolUsage.State(p, observed.Claims.Where(c => !c.Deleting), observed.Config) with
            {
                DaemonSetOverhead = DaemonSetOverhead.For(p, observed.DaemonSets),
                DaemonSetHostPorts = DaemonSetOverhead.HostPortsFor(p, observed.DaemonSets),
            })
            .ToList();
        var zoneRules = pending.Any(p => p.Topology?.HasZoneRules == true) || nodes.Any(n => n.Pods.Any(p => p.Topology?.HasZoneRules == true));
        var ours = nodes.Select(n => n.Name).Concat(observed.Claims.Select(c => c.NodeName).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        return new ClusterSnapshot(nodes, pools, launching, pending, observed.Unavailable)
        {
            // As the provisioner reads them for its pending pods (all when some pod has a zone rule).
            PodsOnOtherNodes = PendingPods.InZones(observed.Pods, nodesByName.GetValueOrDefault, zoneRules, skipNode: ours.Contains),
        };
    }

    /// <summary>
    /// Whether the claim's node is retired (<see cref="NodeRetirement.IsRequested"/>): annotated
    /// <see cref="DisruptionAnnotations.Retire"/>, or its drain started by us, and its instance
    /// <paramref name="foundUnmanaged"/>.
    /// </summary>
    public static bool IsRetiring(NodeClaimResource claim, bool foundUnmanaged) =>
        NodeRetirement.IsRequested(claim.Annotations.GetValueOrDefault(DisruptionAnnotations.Retire), claim.Annotations.ContainsKey(DisruptionAnnotations.DrainStartedAt), foundUnmanaged);

    /// <summary>True when the node carries the disrupted taint: a termination was started and must be finished.</summary>
    public static bool IsTainted(V1Node node) =>
        node.Spec?.Taints?.Any(t => t.Key == DisruptionPlanner.DisruptedTaint.Key && t.Effect == DisruptionPlanner.DisruptedTaint.Effect) == true;

    /// <summary>The node's own reclaim signal, as the extender reads it: the annotation or the condition <c>SpotInterruption=True</c>.</summary>
    public static bool HasReclaimSignal(V1Node node) =>
        node.Metadata?.Annotations?.ContainsKey(NodeFilter.ReclaimAnnotation) == true
        || node.Status?.Conditions?.Any(c => c.Type == NodeFilter.ReclaimConditionType && c.Status == "True") == true;

    /// <summary>
    /// Why the node drifted from its pool or node class, judged against the hashes stamped on its
    /// claim at launch. A claim without them (launched before they were written) is never drifted:
    /// there is nothing to compare, and replacing every such node at once would be a surprise; a
    /// hash stamped by another version of the hash function is not compared either (the controller
    /// stamps it again, <see cref="NodeClaimHashes.Restamp"/>). A claim whose pool is gone is left
    /// to the pool's removal, not to drift.
    /// </summary>
    public static string? WhyDrifted(NodeClaimResource claim, ClusterNode node, ProvisioningConfig config)
    {
        var poolStamp = NodeClaimHashes.PoolStamp(claim);
        var nodeClassStamp = NodeClaimHashes.NodeClassStamp(claim);
        var pool = config.PoolNamed(claim.Spec.NodePool);
        if (pool is null || (poolStamp.Hash is null && nodeClassStamp.Hash is null))
        {
            return null;
        }

        var nodeClass = config.NodeClassFor(pool);
        return NodeDrift.WhyDrifted(node, pool, poolStamp, nodeClassStamp, nodeClass is null ? null : NodeDrift.NodeClassHash(nodeClass));
    }

    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// When the node's Ready condition turned False or Unknown (its lastTransitionTime, which the
    /// node lifecycle controller sets when it marks a silent kubelet Unknown); null when the node is
    /// ready, has no Ready condition, or the condition carries no time (nothing to count from).
    /// </summary>
    public static DateTimeOffset? NotReadySince(V1Node node) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { Status: "False" or "Unknown", LastTransitionTime: { } at } ? Utc(at) : null;

    /// <summary>The node's conditions with since when each holds, for node repair's configured conditions.</summary>
    public static IReadOnlyList<NodeConditionState> Conditions(V1Node node) =>
        [.. (node.Status?.Conditions ?? []).Where(c => c.Type is not null && c.Status is not null)
            .Select(c => new NodeConditionState(c.Type, c.Status, c.LastTransitionTime is { } at ? Utc(at) : null))];

    // The client leaves a time without an offset Unspecified; the API server writes UTC.
    private static DateTimeOffset Utc(DateTime at) =>
        new(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime());

    private static ClusterNode ToClusterNode(
        NodeClaimResource claim, V1Node node, IEnumerable<V1Pod> pods, IReadOnlySet<string> runningApps, IReadOnlyList<InstanceType> catalog,
        Func<string, DateTimeOffset?> lastPodEvent, Func<string, DateTimeOffset?> reclaimNoticeAt, PodDisruptionBudgetIndex budgets)
    {
        var name = node.Metadata.Name;
        var instanceType = claim.Labels[WellKnownLabels.InstanceType];
        var zone = claim.Labels.GetValueOrDefault(WellKnownLabels.Zone, "");
        var capacityType = claim.Labels.GetValueOrDefault(WellKnownLabels.CapacityType) == CapacityType.Spot.ToLabelValue() ? CapacityType.Spot : CapacityType.OnDemand;
        var price = catalog.FirstOrDefault(t => t.Name == instanceType)?.Offerings.FirstOrDefault(o => o.Zone == zone && o.CapacityType == capacityType)?.PricePerHour ?? 0;
        return new ClusterNode
        {
            Name = name,
            NodeClaim = claim.Name,
            NodePool = claim.Spec.NodePool,
            InstanceType = instanceType,
            Zone = zone,
            CapacityType = capacityType,
            PricePerHour = price,
            Allocatable = claim.Allocatable!.Value,
            CreatedAt = claim.CreatedAt,
            LastPodEventAt = lastPodEvent(name),
            Labels = node.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(),
            Taints = [.. (node.Spec?.Taints ?? []).Select(t => new Taint(t.Key, t.Value, t.Effect))],
            DoNotDisrupt = IsAnnotatedDoNotDisrupt(node.Metadata),
            ReclaimNoticeAt = reclaimNoticeAt(name),
            ReplaceAbandonedAt = DisruptionAnnotations.TimeOf(claim, DisruptionAnnotations.ReplaceAbandonedAt),
            ReplaceAbandons = DisruptionAnnotations.AbandonsOf(claim),
            Disrupting = claim.Deleting || IsTainted(node) || claim.Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements),
            Ready = IsReady(node),
            NotReadySince = NotReadySince(node),
            Conditions = Conditions(node),
            Pods = [.. pods.Select(p => ToClusterPod(p, runningApps, budgets)).OfType<ClusterPod>()],
        };
    }

    private static ClusterPod? ToClusterPod(V1Pod pod, IReadOnlySet<string> runningApps, PodDisruptionBudgetIndex budgets)
    {
        var labels = pod.Metadata?.Labels;
        var role = SparkPodClassifier.Classify(key => labels?.TryGetValue(key, out var value) == true ? value : null);
        var app = labels?.TryGetValue(SparkLabels.AppSelector, out var selector) == true ? selector : null;
        // Terms, tolerations, labels and pod topology as for a pending pod: they decide where the pod
        // could go instead, and which moved pods may join it. A pod whose requests cannot be read still
        // has its labels and topology read (PodTopologyReader, through the provisioner's neighbour view).
        var read = PendingPods.Read(pod, out _);
        var neighbour = read is null ? PendingPods.Scheduled(pod) : null;
        var topology = read is not null ? read.Topology : neighbour!.Topology;
        return new ClusterPod
        {
            Pod = new PodReference(pod.Metadata!.NamespaceProperty ?? "default", pod.Metadata.Name),
            Requests = NodeUsageCache.RequestsOf(pod),
            Role = role,
            ApplicationId = app,
            ApplicationRunning = app is not null && runningApps.Contains(app),
            DoNotDisrupt = IsAnnotatedDoNotDisrupt(pod.Metadata),
            BlockingDisruptionBudget = budgets.BlockingBudgetOf(pod),
            IsDaemonSet = PendingPods.IsDaemonSetPod(pod),
            IsTerminal = IsTerminal(pod),
            RequirementTerms = read?.RequirementTerms ?? [],
            Tolerations = read?.Tolerations ?? [],
            Labels = read?.Labels ?? neighbour?.Labels ?? new Dictionary<string, string>(),
            Topology = topology is { IsEmpty: false } ? topology : null,
        };
    }

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>
    /// Spark applications still running: the driver pod exists and has not finished; an
    /// application whose driver is not seen counts as running while any of its pods runs (the
    /// safe side: its executors are not taken away).
    /// </summary>
    private static HashSet<string> RunningApplications(IEnumerable<V1Pod> pods)
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in pods.Where(p => p.Metadata?.Labels?.ContainsKey(SparkLabels.AppSelector) == true).GroupBy(p => p.Metadata.Labels[SparkLabels.AppSelector], StringComparer.Ordinal))
        {
            var drivers = app.Where(p => p.Metadata.Labels.TryGetValue(SparkLabels.Role, out var role) && role == SparkLabels.DriverRole).ToList();
            if (drivers.Count > 0 ? drivers.Any(d => !IsTerminal(d)) : app.Any(p => !IsTerminal(p)))
            {
                running.Add(app.Key);
            }
        }

        return running;
    }

    private static bool IsAnnotatedDoNotDisrupt(V1ObjectMeta? metadata) =>
        metadata?.Annotations?.TryGetValue(DoNotDisruptAnnotation, out var value) == true && value == "true";
}
