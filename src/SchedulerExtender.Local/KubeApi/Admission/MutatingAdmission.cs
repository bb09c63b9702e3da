using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Local.KubeApi.Admission;

/// <summary>
/// Mutating admission as the API server runs it on CREATE: every stored
/// MutatingWebhookConfiguration (by name), every webhook in it whose rules and selectors match is
/// sent an admission.k8s.io/v1 AdmissionReview over HTTPS; its JSONPatch is applied before the next
/// webhook sees the object. Call failures obey failurePolicy (Fail by default); a denial, or a
/// patch that does not apply, fails the request whatever the policy. Reinvocation is not done.
/// </summary>
public sealed class MutatingAdmission : IDisposable
{
    private const int DefaultTimeoutSeconds = 10;
    private readonly KubeStore _store;
    private readonly Func<string, string, int, string, Uri> _serviceUrl;
    private readonly WebhookClients _clients = new();

    /// <param name="serviceUrl">
    /// Where a clientConfig.service reference (namespace, name, port, path) is reached; by default
    /// https://NAME.NAMESPACE.svc:PORT/PATH as in a cluster. Local mode maps it to loopback.
    /// </param>
    public MutatingAdmission(KubeStore store, Func<string, string, int, string, Uri>? serviceUrl = null)
    {
        _store = store;
        _serviceUrl = serviceUrl ?? ((ns, name, port, path) => new Uri($"https://{name}.{ns}.svc:{port}{path}"));
    }

    /// <summary>Returns the object as the webhooks left it, or throws a <see cref="KubeApiException"/> that fails the create.</summary>
    public async Task<JsonObject> AdmitCreateAsync(KubeResource resource, string? @namespace, JsonObject obj, CancellationToken cancellationToken)
    {
        if (resource == KubeResources.MutatingWebhookConfigurations)
        {
            return obj; // as in Kubernetes, webhooks are not called for webhook configurations
        }

        var configurations = _store.List(KubeResources.MutatingWebhookConfigurations, null).Items;
        if (configurations.Count == 0)
        {
            return obj;
        }

        var namespaceLabels = resource.Namespaced && @namespace is not null
            ? _store.TryGet(KubeResources.Namespaces, null, @namespace)?.Labels() ?? new Dictionary<string, string>()
            : null;
        foreach (var webhook in configurations.SelectMany(c => (c["webhooks"] as JsonArray ?? []).OfType<JsonObject>()))
        {
            if (WebhookRules.AppliesToCreate(webhook, resource, obj.Labels(), namespaceLabels))
            {
                obj = await CallAsync(webhook, resource, @namespace, obj, cancellationToken);
            }
        }

        return obj;
    }

    public void Dispose() => _clients.Dispose();

    private async Task<JsonObject> CallAsync(JsonObject webhook, KubeResource resource, string? @namespace, JsonObject obj, CancellationToken cancellationToken)
    {
        var name = webhook.StringAt("name") ?? "unnamed";
        var ignoreFailures = webhook.StringAt("failurePolicy") == "Ignore";
        var uid = Guid.NewGuid().ToString();
        JsonObject response;
        try
        {
            response = await SendAsync(webhook, Review(uid, resource, @namespace, obj), cancellationToken);
            if (response.StringAt("uid") != uid)
            {
                throw new WebhookCallException($"expected response.uid=\"{uid}\", got \"{response.StringAt("uid")}\"");
            }
        }
        catch (WebhookCallException) when (ignoreFailures)
        {
            return obj; // failurePolicy: Ignore — the object goes on, unmutated by this webhook
        }
        catch (WebhookCallException e)
        {
            throw new KubeApiException(KubeStatus.InternalError($"failed calling webhook \"{name}\": {e.Message}"));
        }

        if (response["allowed"]?.GetValueKind() != JsonValueKind.True)
        {
            var code = response["status"] is JsonObject s && s.LongAt("code") is { } c and >= 400 and < 600 ? (int)c : 403;
            var reason = response.StringAt("status", "reason") is { Length: > 0 } r ? r : "Forbidden";
            throw new KubeApiException(new KubeStatus(code, reason, $"admission webhook \"{name}\" denied the request: {response.StringAt("status", "message") ?? "without explanation"}"));
        }

        return response.StringAt("patch") is { Length: > 0 } patch ? ApplyPatch(name, response.StringAt("patchType"), patch, obj) : obj;
    }

    private async Task<JsonObject> SendAsync(JsonObject webhook, JsonObject review, CancellationToken cancellationToken)
    {
        var versions = (webhook["admissionReviewVersions"] as JsonArray ?? []).Select(KubeObject.AsString);
        if (!versions.Contains("v1"))
        {
            throw new WebhookCallException("admissionReviewVersions does not include v1, the only version this API server sends");
        }

        var url = TargetUrl(webhook);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(webhook.LongAt("timeoutSeconds") ?? DefaultTimeoutSeconds, 1, 30));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _clients.For(webhook.StringAt("clientConfig", "caBundle")).PostAsync(url, content, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookCallException($"the server responded with HTTP {(int)response.StatusCode}");
            }

            return JsonNode.Parse(text)?["response"] as JsonObject ?? throw new WebhookCallException("the answer has no \"response\" object");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebhookCallException($"no answer within timeoutSeconds={timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new WebhookCallException($"Post \"{url}\": {e.Message}");
        }
    }

    private Uri TargetUrl(JsonObject webhook)
    {
        if (webhook.StringAt("clientConfig", "url") is { Length: > 0 } url)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : throw new WebhookCallException($"clientConfig.url \"{url}\" is not an https URL");
        }

        if (webhook["clientConfig"]?["service"] is JsonObject service && service.StringAt("name") is { } name && service.StringAt("namespace") is { } ns)
        {
            return _serviceUrl(ns, name, (int)(service.LongAt("port") ?? 443), service.StringAt("path") ?? "/");
        }

        throw new WebhookCallException("clientConfig has neither url nor service");
    }

    private static JsonObject ApplyPatch(string webhookName, string? patchType, string base64Patch, JsonObject obj)
    {
        try
        {
            if (patchType != "JSONPatch")
            {
                throw new JsonPatchException($"patchType must be \"JSONPatch\", got \"{patchType}\"");
            }

            var patch = JsonNode.Parse(Convert.FromBase64String(base64Patch)) as JsonArray ?? throw new JsonPatchException("the patch is not a JSON array");
            return JsonPatch.Apply(obj, patch) as JsonObject ?? throw new JsonPatchException("the patch does not leave an object");
        }
        catch (Exception e) when (e is JsonPatchException or FormatException or JsonException)
        {
            throw new KubeApiException(KubeStatus.InternalError($"admission webhook \"{webhookName}\" returned a patch that does not apply: {e.Message}"));
        }
    }

    private static JsonObject Review(string uid, KubeResource resource, string? @namespace, JsonObject obj)
    {
        var kind = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
        var gvr = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = kind,
            ["resource"] = gvr,
            ["requestKind"] = kind.DeepClone(),
            ["requestResource"] = gvr.DeepClone(),
            ["name"] = obj.Name() ?? string.Empty,
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject { ["username"] = "system:admin", ["groups"] = new JsonArray("system:masters", "system:authenticated") },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
        };
        if (@namespace is not null)
        {
            request["namespace"] = @namespace;
        }

        return new JsonObject { ["kind"] = "AdmissionReview", ["apiVersion"] = "admission.k8s.io/v1", ["request"] = request };
    }
}
