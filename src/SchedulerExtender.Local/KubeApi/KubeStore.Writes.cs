using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Local.KubeApi;

public sealed partial class KubeStore
{
    private const string GeneratedNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Stores a new object: fills uid, creationTimestamp, generation, resourceVersion and a generated name.</summary>
    public JsonObject Create(KubeResource resource, string? @namespace, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var obj = Clone(body);
        var metadata = obj.Metadata();
        var name = obj.Name();
        var generateName = obj.StringAt("metadata", "generateName");
        if (string.IsNullOrEmpty(name))
        {
            name = string.IsNullOrEmpty(generateName)
                ? throw new KubeApiException(KubeStatus.Invalid(resource, string.Empty, "metadata.name: Required value: name or generateName is required"))
                : generateName + string.Concat(Enumerable.Range(0, 5).Select(_ => GeneratedNameAlphabet[Random.Shared.Next(GeneratedNameAlphabet.Length)]));
            metadata["name"] = name;
        }

        ValidateName(resource, name);
        ValidateMetadata(obj);
        @namespace = ResolveNamespace(resource, @namespace, obj);
        ValidateEvent(resource, obj);
        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.ApiVersion;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = KubeObject.Timestamp(_options.TimeProvider.GetUtcNow());
        metadata["generation"] = 1;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        PrepareStatusForCreate(resource, obj);

        var key = Key(resource, @namespace, name);
        lock (_gate)
        {
            if (resource.Namespaced && !_objects[KubeResources.Namespaces].ContainsKey(Key(KubeResources.Namespaces, null, @namespace!)))
            {
                throw new KubeApiException(KubeStatus.NotFound(KubeResources.Namespaces, @namespace!));
            }

            if (_objects[resource].ContainsKey(key))
            {
                throw new KubeApiException(KubeStatus.AlreadyExists(resource, name));
            }

            return Clone(CommitLocked(resource, key, null, obj, WatchEvent.Added));
        }
    }

    /// <summary>
    /// Replaces an object (PUT). A non-empty metadata.resourceVersion must be the current one (else
    /// 409 Conflict). With <paramref name="statusOnly"/> only .status changes (the /status
    /// subresource); otherwise .status is kept for types that have a status subresource.
    /// </summary>
    public JsonObject Update(KubeResource resource, string? @namespace, string name, JsonObject body, bool statusOnly = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        var key = Key(resource, @namespace, name);
        lock (_gate)
        {
            var current = _objects[resource].TryGetValue(key, out var found) ? found : throw new KubeApiException(KubeStatus.NotFound(resource, name));
            return Clone(UpdateLocked(resource, key, current, body, statusOnly));
        }
    }

    /// <summary>Patches an object (merge, strategic merge as merge, or RFC 6902 JSON patch), then updates it as <see cref="Update"/> does.</summary>
    public JsonObject Patch(KubeResource resource, string? @namespace, string name, PatchType type, JsonNode patch, bool statusOnly = false)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (type == PatchType.StrategicMerge && resource.IsCustom)
        {
            // As in Kubernetes: custom resources have no patch strategy metadata.
            throw new KubeApiException(KubeStatus.UnsupportedMediaType("application/strategic-merge-patch+json"));
        }

        var key = Key(resource, @namespace, name);
        lock (_gate)
        {
            var current = _objects[resource].TryGetValue(key, out var found) ? found : throw new KubeApiException(KubeStatus.NotFound(resource, name));
            JsonNode? patched;
            try
            {
                patched = type == PatchType.Json
                    ? JsonPatch.Apply(current, patch as JsonArray ?? throw new JsonPatchException("a JSON patch must be an array of operations"))
                    : JsonMergePatch.Apply(current, patch);
            }
            catch (JsonPatchException e)
            {
                throw new KubeApiException(new KubeStatus(422, "Invalid", $"the server rejected our request due to an error in our request: {e.Message}", resource, name));
            }

            var body = patched as JsonObject ?? throw new KubeApiException(KubeStatus.BadRequest("the patch does not produce an object"));
            return Clone(UpdateLocked(resource, key, current, body, statusOnly));
        }
    }

    /// <summary>
    /// Deletes an object. With finalizers it is only marked (deletionTimestamp) and goes once they
    /// are removed; a bound pod under <see cref="KubeStoreOptions.GracefulPodTermination"/> is marked
    /// terminating until deleted again with grace period 0. Returns the object as it was left.
    /// </summary>
    public JsonObject Delete(KubeResource resource, string? @namespace, string name, DeleteOptions? options = null)
    {
        options ??= DeleteOptions.Default;
        var key = Key(resource, @namespace, name);
        lock (_gate)
        {
            var current = _objects[resource].TryGetValue(key, out var found) ? found : throw new KubeApiException(KubeStatus.NotFound(resource, name));
            if (options.PreconditionUid is { } uid && uid != current.Uid())
            {
                throw new KubeApiException(KubeStatus.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}"));
            }

            if (options.PreconditionResourceVersion is { } rv && rv != current.ResourceVersion())
            {
                throw new KubeApiException(KubeStatus.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion()}"));
            }

            return Clone(DeleteLocked(resource, key, current, options.GracePeriodSeconds));
        }
    }

    private JsonObject UpdateLocked(KubeResource resource, string key, JsonObject current, JsonObject body, bool statusOnly)
    {
        var name = current.Name()!;
        if (body.Name() is { } bodyName && bodyName != name)
        {
            throw new KubeApiException(KubeStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})"));
        }

        if (body.ResourceVersion() is { Length: > 0 } expected && expected != current.ResourceVersion())
        {
            throw new KubeApiException(KubeStatus.StaleResourceVersion(resource, name));
        }

        JsonObject next;
        if (statusOnly)
        {
            next = Clone(current);
            next["status"] = body["status"]?.DeepClone();
        }
        else
        {
            next = Clone(body);
            next["kind"] = resource.Kind;
            next["apiVersion"] = resource.ApiVersion;
            var metadata = next.Metadata();
            var currentMetadata = current.Metadata();
            foreach (var immutable in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion" })
            {
                metadata[immutable] = currentMetadata[immutable]?.DeepClone();
            }

            metadata.Where(p => p.Value is null).Select(p => p.Key).ToList().ForEach(k => metadata.Remove(k));
            if (resource.HasStatus)
            {
                next["status"] = current["status"]?.DeepClone();
            }

            if (!SpecEqual(current, next))
            {
                metadata["generation"] = (current.LongAt("metadata", "generation") ?? 0) + 1;
            }
        }

        if (next["status"] is null)
        {
            next.Remove("status");
        }

        ValidateMetadata(next);
        ValidateEvent(resource, next);

        if (JsonEquality.Equal(current, next))
        {
            return current; // a no-op write keeps its resourceVersion and sends no event, as in Kubernetes
        }

        // The last finalizer removed from an object being deleted (and not waiting for a kubelet) removes it.
        if (next.IsBeingDeleted() && next.Finalizers().Count == 0 && (next.LongAt("metadata", "deletionGracePeriodSeconds") ?? 0) == 0)
        {
            return CommitLocked(resource, key, current, next, WatchEvent.Deleted);
        }

        return CommitLocked(resource, key, current, next, WatchEvent.Modified);
    }

    private JsonObject DeleteLocked(KubeResource resource, string key, JsonObject current, long? gracePeriodSeconds)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var grace = GracePeriod(resource, current, gracePeriodSeconds);
        if (grace > 0)
        {
            if (current.IsBeingDeleted())
            {
                return current;
            }

            var terminating = Clone(current);
            terminating.Metadata()["deletionTimestamp"] = KubeObject.Timestamp(now.AddSeconds(grace));
            terminating.Metadata()["deletionGracePeriodSeconds"] = grace;
            return CommitLocked(resource, key, current, terminating, WatchEvent.Modified);
        }

        if (current.Finalizers().Count > 0)
        {
            var marked = Clone(current);
            if (!current.IsBeingDeleted())
            {
                marked.Metadata()["deletionTimestamp"] = KubeObject.Timestamp(now);
            }

            marked.Metadata()["deletionGracePeriodSeconds"] = 0;
            return JsonEquality.Equal(marked, current) ? current : CommitLocked(resource, key, current, marked, WatchEvent.Modified);
        }

        if (resource == KubeResources.Namespaces)
        {
            DeleteNamespaceContentsLocked(current.Name()!);
        }

        return CommitLocked(resource, key, current, Clone(current), WatchEvent.Deleted);
    }

    // Stands in for the namespace controller: a deleted namespace takes its objects with it.
    private void DeleteNamespaceContentsLocked(string @namespace)
    {
        foreach (var resource in KubeResources.All.Where(r => r.Namespaced))
        {
            var prefix = @namespace + "/";
            foreach (var key in _objects[resource].Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                // Re-read: collecting one object's dependents may already have removed this one.
                if (_objects[resource].TryGetValue(key, out var obj))
                {
                    CommitLocked(resource, key, obj, Clone(obj), WatchEvent.Deleted);
                }
            }
        }
    }

    /// <summary>Assigns the next resourceVersion, stores (or removes) the object and tells the watchers.</summary>
    private JsonObject CommitLocked(KubeResource resource, string key, JsonObject? old, JsonObject next, string type)
    {
        var version = ++_resourceVersion;
        next.Metadata()["resourceVersion"] = FormatVersion(version);
        if (type == WatchEvent.Deleted)
        {
            _objects[resource].Remove(key);
        }
        else
        {
            _objects[resource][key] = next;
        }

        var stored = new StoredEvent(version, resource, resource.Namespaced ? next.Namespace() : null, type, old, next);
        _window.Add(stored);
        _watchers.RemoveAll(w => !w.Offer(stored));
        TrackOwnersLocked(resource, key, old, next, removed: type == WatchEvent.Deleted);
        if (type == WatchEvent.Deleted)
        {
            CollectDependentsLocked(next);
        }

        return next;
    }
}
