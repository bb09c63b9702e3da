using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// Stands in for the garbage collector with background propagation: when an object is removed,
/// every object it owned (metadata.ownerReferences) whose owners are now all gone is deleted in
/// turn — e.g. Spark executor pods, owned by their driver pod. Indexes keep this O(dependents).
/// </summary>
public sealed partial class KubeStore
{
    private readonly Dictionary<string, HashSet<(KubeResource Resource, string Key)>> _dependentsByOwnerUid = new(StringComparer.Ordinal);
    private readonly HashSet<string> _liveUids = new(StringComparer.Ordinal);

    private void TrackOwnersLocked(KubeResource resource, string key, JsonObject? old, JsonObject next, bool removed)
    {
        foreach (var owner in OwnerUids(old))
        {
            if (_dependentsByOwnerUid.TryGetValue(owner, out var dependents) && dependents.Remove((resource, key)) && dependents.Count == 0)
            {
                _dependentsByOwnerUid.Remove(owner);
            }
        }

        if (removed)
        {
            _liveUids.Remove(next.Uid() ?? string.Empty);
            return;
        }

        _liveUids.Add(next.Uid() ?? string.Empty);
        foreach (var owner in OwnerUids(next))
        {
            if (!_dependentsByOwnerUid.TryGetValue(owner, out var dependents))
            {
                dependents = [];
                _dependentsByOwnerUid[owner] = dependents;
            }

            dependents.Add((resource, key));
        }
    }

    private void CollectDependentsLocked(JsonObject removed)
    {
        if (removed.Uid() is not { } uid || !_dependentsByOwnerUid.TryGetValue(uid, out var dependents))
        {
            return;
        }

        foreach (var (resource, key) in dependents.ToList())
        {
            if (_objects[resource].TryGetValue(key, out var dependent) && !dependent.IsBeingDeleted() && !OwnerUids(dependent).Any(_liveUids.Contains))
            {
                DeleteLocked(resource, key, dependent, gracePeriodSeconds: null);
            }
        }
    }

    private static IEnumerable<string> OwnerUids(JsonObject? obj) =>
        (obj?["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r.StringAt("uid")).OfType<string>();
}
