using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

public sealed partial class KubeStore
{
    /// <summary>
    /// pods/binding: assigns a pending pod to a node (spec.nodeName, PodScheduled=True), as
    /// kube-scheduler does. 409 Conflict when the pod is already bound or being deleted.
    /// </summary>
    public JsonObject Bind(string @namespace, string podName, string nodeName)
    {
        if (string.IsNullOrEmpty(nodeName))
        {
            throw new KubeApiException(KubeStatus.Invalid(KubeResources.Pods, podName, "target.name: Required value"));
        }

        var key = Key(KubeResources.Pods, @namespace, podName);
        lock (_gate)
        {
            var current = _objects[KubeResources.Pods].TryGetValue(key, out var found) ? found : throw new KubeApiException(KubeStatus.NotFound(KubeResources.Pods, podName));
            if (current.StringAt("spec", "nodeName") is { Length: > 0 } boundTo)
            {
                throw new KubeApiException(KubeStatus.Conflict(KubeResources.Pods, podName, $"pod {podName} is already assigned to node \"{boundTo}\""));
            }

            if (current.IsBeingDeleted())
            {
                throw new KubeApiException(KubeStatus.Conflict(KubeResources.Pods, podName, $"pod {podName} is being deleted, cannot be assigned to a host"));
            }

            var bound = Clone(current);
            var spec = bound["spec"] as JsonObject ?? new JsonObject();
            spec["nodeName"] = nodeName;
            bound["spec"] = spec;
            var status = bound["status"] as JsonObject ?? new JsonObject();
            var conditions = status["conditions"] as JsonArray ?? new JsonArray();
            foreach (var old in conditions.OfType<JsonObject>().Where(c => c.StringAt("type") == "PodScheduled").ToList())
            {
                conditions.Remove(old);
            }

            conditions.Add(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = KubeObject.Timestamp(_options.TimeProvider.GetUtcNow()),
            });
            status["conditions"] = conditions;
            bound["status"] = status;
            return Clone(CommitLocked(KubeResources.Pods, key, current, bound, WatchEvent.Modified));
        }
    }

    /// <summary>
    /// pods/eviction: deletes the pod unless that would break the PodDisruptionBudget selecting it
    /// (429 TooManyRequests with the budget's numbers). Terminal pods are always evictable. The
    /// budget is computed from the live pods — there is no disruption controller maintaining
    /// PodDisruptionBudget status here.
    /// </summary>
    public void Evict(string @namespace, string podName, DeleteOptions? options = null)
    {
        var key = Key(KubeResources.Pods, @namespace, podName);
        lock (_gate)
        {
            var pod = _objects[KubeResources.Pods].TryGetValue(key, out var found) ? found : throw new KubeApiException(KubeStatus.NotFound(KubeResources.Pods, podName));
            if (!pod.IsBeingDeleted() && !DisruptionBudget.IsTerminal(pod))
            {
                var labels = pod.Labels();
                var budgets = _objects[KubeResources.PodDisruptionBudgets].Values
                    .Where(b => b.Namespace() == @namespace && LabelSelector.FromJson(b["spec"]?["selector"])?.Matches(labels) == true)
                    .ToList();
                if (budgets.Count > 1)
                {
                    throw new KubeApiException(KubeStatus.InternalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
                }

                if (budgets.Count == 1)
                {
                    var podsInNamespace = _objects[KubeResources.Pods].Where(p => p.Key.StartsWith(@namespace + "/", StringComparison.Ordinal)).Select(p => p.Value);
                    DisruptionBudget.Of(budgets[0], podsInNamespace).EnsureEvictable(pod);
                }
            }

            DeleteLocked(KubeResources.Pods, key, pod, options?.GracePeriodSeconds);
        }
    }
}
