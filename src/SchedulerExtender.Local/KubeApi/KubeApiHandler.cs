using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SchedulerExtender.Local.KubeApi.Admission;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// The REST layer over <see cref="KubeStore"/>: decodes path, verb, query and body, calls the store,
/// and encodes the object, list, watch stream or Status that the real API server would answer.
/// </summary>
internal sealed class KubeApiHandler(KubeStore store, MutatingAdmission admission, EmbeddedKubeApiOptions options, WatchGate watchGate)
{
    private readonly KubeWatchStreamer _streamer = new(store, options, watchGate);

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (KubeApiException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.Status.Code, e.Status.ToJson());
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, 400, KubeStatus.BadRequest($"the request body is not valid JSON: {e.Message}").ToJson());
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is InvalidOperationException or FormatException or ArgumentException)
        {
            // Malformed but parseable input (a field of the wrong JSON type): a Status, never a crash.
            await WriteAsync(context, 400, KubeStatus.BadRequest($"the request could not be processed: {e.Message}").ToJson());
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        switch (path.TrimEnd('/'))
        {
            case "/version":
                await WriteAsync(context, 200, KubeDiscovery.Version());
                return;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok");
                return;
            case "/api":
                await WriteAsync(context, 200, KubeDiscovery.CoreVersions($"{request.Host}"));
                return;
            case "/apis":
                await WriteAsync(context, 200, KubeDiscovery.Groups());
                return;
            case "/openapi/v3":
                await WriteAsync(context, 200, KubeOpenApi.Index());
                return;
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            await WriteAsync(context, 200, KubeOpenApi.GroupVersion(path["/openapi/v3/".Length..].TrimEnd('/')) ?? throw new KubeApiException(KubeStatus.ServerNotFound()));
            return;
        }

        var api = KubeApiPath.Parse(path) ?? throw new KubeApiException(KubeStatus.ServerNotFound());
        if (api.Resource is null)
        {
            await WriteAsync(context, 200, KubeDiscovery.Resources(api.Group, api.Version));
            return;
        }

        var resource = api.Resource;
        var query = request.Query;
        if (query.ContainsKey("dryRun"))
        {
            // Refused rather than ignored: ignoring it would persist what the client meant to try.
            throw new KubeApiException(KubeStatus.BadRequest("dryRun is not supported by the embedded Kubernetes API"));
        }

        switch (request.Method, api.Name, api.Subresource)
        {
            case ("GET", _, null) when query["watch"] is ["true" or "1"]:
                var fieldSelector = api.Name is null ? query["fieldSelector"].ToString() : Join(query["fieldSelector"], $"metadata.name={api.Name}");
                await _streamer.StreamAsync(context, resource, api.Namespace, ReadListOptions(query) with { FieldSelector = fieldSelector });
                return;
            case ("GET", null, null):
                var list = store.List(resource, api.Namespace, ReadListOptions(query));
                await WriteAsync(context, 200, KubeTables.Requested(request.Headers.Accept)
                    ? Table(resource, list.Items, list.ResourceVersion, list.Continue, query)
                    : list.ToJson());
                return;
            case ("GET", { } name, null or "status"):
                var found = store.Get(resource, api.Namespace, name);
                await WriteAsync(context, 200, KubeTables.Requested(request.Headers.Accept) ? Table(resource, [found], store.ResourceVersion, null, query) : found);
                return;
            case ("POST", null, null):
                var admitted = await admission.AdmitCreateAsync(resource, api.Namespace, await ReadObjectAsync(request), context.RequestAborted);
                await WriteAsync(context, 201, store.Create(resource, api.Namespace, admitted));
                return;
            case ("POST", { } name, "binding"):
                await BindAsync(context, api.Namespace!, name);
                return;
            case ("POST", { } name, "eviction"):
                await EvictAsync(context, api.Namespace!, name);
                return;
            case ("PUT", { } name, null or "status"):
                var body = await ReadObjectAsync(request);
                await WriteAsync(context, 200, store.Update(resource, api.Namespace, name, body, statusOnly: api.Subresource == "status"));
                return;
            case ("PATCH", { } name, null or "status"):
                var patchType = ReadPatchType(request.ContentType);
                var patch = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted)
                            ?? throw new KubeApiException(KubeStatus.BadRequest("the patch is empty"));
                await WriteAsync(context, 200, store.Patch(resource, api.Namespace, name, patchType, patch, statusOnly: api.Subresource == "status"));
                return;
            case ("DELETE", { } name, null):
                var deleteOptions = await ReadDeleteOptionsAsync(request);
                await WriteAsync(context, 200, store.Delete(resource, api.Namespace, name, deleteOptions));
                return;
            default:
                throw new KubeApiException(KubeStatus.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method} {path})"));
        }
    }

    private async Task BindAsync(HttpContext context, string @namespace, string podName)
    {
        var binding = await ReadObjectAsync(context.Request);
        if (binding.Name() is { } named && named != podName)
        {
            throw new KubeApiException(KubeStatus.BadRequest($"the name of the binding ({named}) does not match the pod on the URL ({podName})"));
        }

        store.Bind(@namespace, podName, binding.StringAt("target", "name") ?? string.Empty);
        await WriteAsync(context, 201, KubeStatus.Success(201).ToJson());
    }

    private async Task EvictAsync(HttpContext context, string @namespace, string podName)
    {
        var eviction = await ReadObjectAsync(context.Request);
        if (eviction.Name() is { } named && named != podName)
        {
            throw new KubeApiException(KubeStatus.BadRequest($"name in URL does not match name in Eviction object ({named} != {podName})"));
        }

        store.Evict(@namespace, podName, ParseDeleteOptions(eviction["deleteOptions"] as JsonObject, null));
        await WriteAsync(context, 201, KubeStatus.Success(201).ToJson());
    }

    private JsonObject Table(KubeResource resource, IEnumerable<JsonObject> items, long resourceVersion, string? continueToken, IQueryCollection query) =>
        KubeTables.Build(resource, items, resourceVersion, continueToken, query["includeObject"].ToString(), store.Options.TimeProvider.GetUtcNow());

    private static ListOptions ReadListOptions(IQueryCollection query) => new(
        LabelSelector: query["labelSelector"].ToString(),
        FieldSelector: query["fieldSelector"].ToString(),
        Limit: int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null,
        Continue: query["continue"].ToString(),
        ResourceVersion: query["resourceVersion"].ToString());

    private static string Join(Microsoft.Extensions.Primitives.StringValues existing, string term) =>
        string.IsNullOrEmpty(existing.ToString()) ? term : $"{existing},{term}";

    private static PatchType ReadPatchType(string? contentType) => contentType?.Split(';')[0].Trim() switch
    {
        "application/merge-patch+json" => PatchType.Merge,
        "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
        "application/json-patch+json" => PatchType.Json,
        var other => throw new KubeApiException(KubeStatus.UnsupportedMediaType(other ?? string.Empty)),
    };

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not (null or "" or "application/json"))
        {
            throw new KubeApiException(KubeStatus.UnsupportedMediaType(mediaType));
        }

        return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject
               ?? throw new KubeApiException(KubeStatus.BadRequest("the request body must be a JSON object"));
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpRequest request)
    {
        long? queryGrace = long.TryParse(request.Query["gracePeriodSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        var body = hasBody ? await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject : null;
        return ParseDeleteOptions(body, queryGrace);
    }

    private static DeleteOptions ParseDeleteOptions(JsonObject? body, long? queryGrace) => new(
        GracePeriodSeconds: body?.LongAt("gracePeriodSeconds") ?? queryGrace,
        PreconditionUid: body?.StringAt("preconditions", "uid"),
        PreconditionResourceVersion: body?.StringAt("preconditions", "resourceVersion"));

    internal static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
