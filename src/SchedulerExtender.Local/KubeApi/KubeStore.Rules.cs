using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>The per-type rules of writes: names, namespaces, status on create, generation, grace periods.</summary>
public sealed partial class KubeStore
{
    // Graceful termination applies only to running pods bound to a node, and only when a kubelet
    // simulator is there to finish it; everything else is deleted at once.
    private long GracePeriod(KubeResource resource, JsonObject current, long? requested)
    {
        if (resource != KubeResources.Pods || !_options.GracefulPodTermination || current.StringAt("spec", "nodeName") is not { Length: > 0 } ||
            current.StringAt("status", "phase") is "Succeeded" or "Failed")
        {
            return 0;
        }

        return Math.Max(0, requested ?? current.LongAt("spec", "terminationGracePeriodSeconds") ?? 30);
    }

    private static bool SpecEqual(JsonObject a, JsonObject b)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Spec(JsonObject o) =>
            o.Where(p => p.Key is not ("metadata" or "status" or "kind" or "apiVersion"));
        return JsonEquality.Equal(new JsonObject(Spec(a).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
                                  new JsonObject(Spec(b).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
    }

    private static string? ResolveNamespace(KubeResource resource, string? @namespace, JsonObject obj)
    {
        var metadata = obj.Metadata();
        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
            return null;
        }

        var declared = obj.Namespace();
        if (!string.IsNullOrEmpty(declared) && !string.IsNullOrEmpty(@namespace) && declared != @namespace)
        {
            throw new KubeApiException(KubeStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
        }

        var resolved = string.IsNullOrEmpty(@namespace) ? declared : @namespace;
        metadata["namespace"] = string.IsNullOrEmpty(resolved)
            ? throw new KubeApiException(KubeStatus.BadRequest($"{resource.QualifiedName} are namespaced: a namespace is required"))
            : resolved;
        return resolved;
    }

    private static void PrepareStatusForCreate(KubeResource resource, JsonObject obj)
    {
        if (resource.IsCustom && resource.HasStatus)
        {
            obj.Remove("status"); // the status subresource of a CRD ignores status on create
        }
        else if (resource == KubeResources.Pods && obj.StringAt("status", "phase") is null)
        {
            var status = obj["status"] as JsonObject ?? new JsonObject();
            status["phase"] = "Pending";
            obj["status"] = status;
        }
        else if (resource == KubeResources.Namespaces)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
    }

    // The API server's check of a core/v1 Event's namespace: an event belongs in the namespace of the
    // object it is about (a pod's events in the pod's namespace), or — for a cluster-scoped object,
    // whose involvedObject has no namespace — in default (without eventTime, as client-go's legacy
    // recorder writes them) or default / kube-system (with eventTime). Anything else is 422 Invalid.
    private static void ValidateEvent(KubeResource resource, JsonObject obj)
    {
        if (resource != KubeResources.Events)
        {
            return;
        }

        var eventNamespace = obj.Namespace() ?? string.Empty;
        var involvedNamespace = obj.StringAt("involvedObject", "namespace") ?? string.Empty;
        var valid = obj.StringAt("eventTime") is not { Length: > 0 }
            ? (involvedNamespace.Length == 0 ? eventNamespace is "" or "default" : eventNamespace == involvedNamespace)
            : involvedNamespace.Length > 0 || eventNamespace is "default" or "kube-system";
        if (!valid)
        {
            throw new KubeApiException(KubeStatus.Invalid(resource, obj.Name() ?? string.Empty,
                $"involvedObject.namespace: Invalid value: \"{involvedNamespace}\": does not match event.namespace"));
        }
    }

    private static void ValidateName(KubeResource resource, string name)
    {
        if (name.Length > 253 || !Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"))
        {
            throw new KubeApiException(KubeStatus.Invalid(resource, name,
                $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
    }

    // The API server decodes metadata into typed Go fields; a value of the wrong JSON type is a 400.
    private static void ValidateMetadata(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? throw new KubeApiException(KubeStatus.BadRequest("metadata must be an object"));
        foreach (var map in new[] { "labels", "annotations" })
        {
            if (metadata[map] is { } node && (node is not JsonObject entries || entries.Any(e => KubeObject.AsString(e.Value) is null)))
            {
                throw new KubeApiException(KubeStatus.BadRequest($"metadata.{map} must be a map of string keys to string values"));
            }
        }

        if (metadata["finalizers"] is { } finalizers && (finalizers is not JsonArray list || list.Any(f => KubeObject.AsString(f) is null)))
        {
            throw new KubeApiException(KubeStatus.BadRequest("metadata.finalizers must be a list of strings"));
        }

        if (metadata["ownerReferences"] is { } owners && (owners is not JsonArray references || references.Any(r => r is not JsonObject)))
        {
            throw new KubeApiException(KubeStatus.BadRequest("metadata.ownerReferences must be a list of objects"));
        }
    }
}
