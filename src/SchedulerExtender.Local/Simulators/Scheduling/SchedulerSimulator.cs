using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// Plays kube-scheduler for local mode. Each pass lists nodes and pods, then takes the unbound pods
/// of its profiles (highest priority, then oldest first) through kube-scheduler's cycle: filter
/// plugins (<see cref="SchedulerFilters"/>), extender filter, then — with more than one node left —
/// LeastAllocated scores plus each extender's score × weight × 10, and binds to the best node through
/// pods/binding. A pod that fits nowhere gets PodScheduled=False/Unschedulable with kube-scheduler's
/// message. Pending pods are retried on every pass (kube-scheduler retries on cluster events too).
/// </summary>
public sealed class SchedulerSimulator
{
    private readonly IKubernetes _client;
    private readonly SchedulerSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SchedulerProfile> _profiles;

    public SchedulerSimulator(IKubernetes client, SchedulerSimulatorOptions options, TimeProvider? time = null, ILogger<SchedulerSimulator>? logger = null)
    {
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SchedulerSimulator>.Instance;
        _profiles = options.Profiles.ToDictionary(p => p.SchedulerName, StringComparer.Ordinal);
    }

    /// <summary>Schedules until <paramref name="stopping"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        ReconcileLoop.RunAsync("scheduler", _client, ScheduleOnceAsync, _options.Interval, _time, _logger, stopping);

    /// <summary>One pass over every pending pod of the profiles; returns what happened to each.</summary>
    public async Task<IReadOnlyList<SchedulingOutcome>> ScheduleOnceAsync(CancellationToken cancellationToken)
    {
        var nodes = (await _client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var pods = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var snapshots = SchedulerSnapshot.Build(nodes, pods).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var nodesByName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var pending = pods
            .Where(p => string.IsNullOrEmpty(p.Spec?.NodeName) && !KubeJson.IsTerminal(p) && !KubeJson.IsTerminating(p) && (p.Spec?.SchedulingGates?.Count ?? 0) == 0
                && _profiles.ContainsKey(p.Spec?.SchedulerName ?? SchedulerProfile.DefaultSchedulerName))
            .OrderByDescending(p => p.Spec.Priority ?? 0)
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(KubeJson.Key, StringComparer.Ordinal);
        var outcomes = new List<SchedulingOutcome>();
        foreach (var pod in pending)
        {
            var profile = _profiles[pod.Spec.SchedulerName ?? SchedulerProfile.DefaultSchedulerName];
            outcomes.Add(await ScheduleAsync(pod, profile, snapshots, nodesByName, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<SchedulingOutcome> ScheduleAsync(
        V1Pod pod, SchedulerProfile profile, Dictionary<string, NodeSnapshot> snapshots, Dictionary<string, V1Node> nodesByName, CancellationToken cancellationToken)
    {
        var key = KubeJson.Key(pod);
        var request = KubeJson.ReadPod(pod, out var error);
        if (request is null)
        {
            return await UnschedulableAsync(pod, profile.SchedulerName, $"pod cannot be read: {error}", cancellationToken).ConfigureAwait(false);
        }

        var diagnosis = new FitDiagnosis();
        var feasible = _options.Filters.Feasible(request, snapshots.Values.OrderBy(n => n.Name, StringComparer.Ordinal), diagnosis);
        foreach (var extender in profile.Extenders.Where(e => e.Config.FilterVerb is not null))
        {
            if (feasible.Count == 0)
            {
                break;
            }

            try
            {
                var result = await extender.FilterAsync(pod, [.. feasible.Select(n => nodesByName[n.Name])], cancellationToken).ConfigureAwait(false);
                foreach (var (node, reason) in result.FailedNodes)
                {
                    diagnosis.Reject(node, [reason]);
                }

                var passing = result.NodeNames.ToHashSet(StringComparer.Ordinal);
                feasible = [.. feasible.Where(n => passing.Contains(n.Name))];
            }
            catch (SchedulerExtenderException e) when (extender.Config.Ignorable)
            {
                _logger.LogWarning("Extender {Url} is ignorable and failed; scheduling {Pod} without it: {Error}", extender.Config.UrlPrefix, key, e.Message);
            }
            catch (SchedulerExtenderException e)
            {
                return await UnschedulableAsync(pod, profile.SchedulerName, e.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        if (feasible.Count == 0)
        {
            return await UnschedulableAsync(pod, profile.SchedulerName, diagnosis.Message(snapshots.Count), cancellationToken).ConfigureAwait(false);
        }

        var scores = feasible.Count == 1
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : await ScoreAsync(pod, request, feasible, profile, nodesByName, cancellationToken).ConfigureAwait(false);
        // Ties go to the first node by name (kube-scheduler picks one of them at random).
        var chosen = feasible.Count == 1 ? feasible[0].Name : feasible.MaxBy(n => scores[n.Name])!.Name;
        if (!await BindAsync(pod, chosen, cancellationToken).ConfigureAwait(false))
        {
            return new SchedulingOutcome(key, null, "the pod was bound or deleted meanwhile", scores);
        }

        snapshots[chosen] = snapshots[chosen].WithPod(request.Requests);
        _logger.LogInformation("Bound {Pod} to {Node}", key, chosen);
        await EventAsync(pod, profile.SchedulerName, "Normal", "Scheduled", $"Successfully assigned {key} to {chosen}", cancellationToken).ConfigureAwait(false);
        return new SchedulingOutcome(key, chosen, null, scores);
    }

    private async Task<Dictionary<string, long>> ScoreAsync(
        V1Pod pod, PendingPod request, IReadOnlyList<NodeSnapshot> feasible, SchedulerProfile profile, Dictionary<string, V1Node> nodesByName, CancellationToken cancellationToken)
    {
        var scores = feasible.ToDictionary(n => n.Name, n => LeastAllocatedScorer.Score(request, n), StringComparer.Ordinal);
        foreach (var extender in profile.Extenders.Where(e => e.Config.PrioritizeVerb is not null))
        {
            try
            {
                foreach (var host in await extender.PrioritizeAsync(pod, [.. feasible.Select(n => nodesByName[n.Name])], cancellationToken).ConfigureAwait(false))
                {
                    if (scores.ContainsKey(host.Host))
                    {
                        scores[host.Host] += host.Score * extender.Config.Weight * ExtenderConfig.ScoreScale;
                    }
                }
            }
            catch (SchedulerExtenderException e)
            {
                // kube-scheduler ignores prioritize errors whatever ignorable says: the other scores decide.
                _logger.LogWarning("Extender {Url} prioritize failed for {Pod}: {Error}", extender.Config.UrlPrefix, KubeJson.Key(pod), e.Message);
            }
        }

        return scores;
    }

    private async Task<bool> BindAsync(V1Pod pod, string node, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
        };
        try
        {
            await _client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The events kube-scheduler records (kubectl describe pod shows them); best effort, as in kube-scheduler.</summary>
    private async Task EventAsync(V1Pod pod, string schedulerName, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{pod.Metadata.Name}.", NamespaceProperty = pod.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = schedulerName },
            ReportingComponent = schedulerName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await _client.CoreV1.CreateNamespacedEventAsync(ev, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            _logger.LogDebug("Event {Reason} for {Pod} not recorded: {Status}", reason, KubeJson.Key(pod), e.Response.StatusCode);
        }
    }

    private async Task<SchedulingOutcome> UnschedulableAsync(V1Pod pod, string schedulerName, string message, CancellationToken cancellationToken)
    {
        var key = KubeJson.Key(pod);
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (current is not { Status: "False", Reason: "Unschedulable" } || current.Message != message)
        {
            var conditions = (pod.Status?.Conditions ?? []).Where(c => c.Type != "PodScheduled").ToList();
            conditions.Add(new V1PodCondition
            {
                Type = "PodScheduled",
                Status = "False",
                Reason = "Unschedulable",
                Message = message,
                LastTransitionTime = current?.Status == "False" ? current.LastTransitionTime : _time.GetUtcNow().UtcDateTime,
            });
            var patch = new { status = new { conditions } };
            try
            {
                await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch),
                    pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("{Pod} is unschedulable: {Message}", key, message);
                await EventAsync(pod, schedulerName, "Warning", "FailedScheduling", message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted meanwhile: nothing to report.
            }
        }

        return new SchedulingOutcome(key, null, message, new Dictionary<string, long>());
    }
}
