using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using SchedulerExtender.Local.KubeApi.Admission;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// Calls an extender as kube-scheduler's HTTPExtender does: POST {urlPrefix}/{verb} with an
/// <c>ExtenderArgs</c> body — Go field names without JSON tags, so PascalCase <c>Pod</c>,
/// <c>Nodes</c>, <c>NodeNames</c>; with nodeCacheCapable only the names are sent, otherwise a
/// NodeList — and decodes the answer case-insensitively, as Go's decoder does. The pod and nodes
/// inside are plain core/v1 JSON without kind/apiVersion (informer objects carry no TypeMeta).
/// Each call is bounded by httpTimeout. <see cref="Create"/> trusts the config's CA as kube-scheduler
/// does (tlsConfig caData / caFile); the constructor takes any <see cref="HttpClient"/>.
/// </summary>
public sealed class HttpSchedulerExtender(ExtenderConfig config, HttpClient http, TimeProvider? time = null) : ISchedulerExtender
{
    private static readonly JsonNodeOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ExtenderConfig Config { get; } = config;

    /// <summary>
    /// An extender whose HTTPS client trusts exactly <see cref="ExtenderConfig.CaBundle"/> (or the
    /// PEM file <see cref="ExtenderConfig.CaFile"/>), or the system roots when neither is given.
    /// The client lives as long as the process (one per scheduler, as in kube-scheduler).
    /// </summary>
    public static HttpSchedulerExtender Create(ExtenderConfig config, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var pem = config.CaBundle ?? (config.CaFile is { } file ? File.ReadAllText(file) : null);
#pragma warning disable CA2000 // the clients are owned by the extender for the life of the process
        var clients = new WebhookClients();
#pragma warning restore CA2000
        return new HttpSchedulerExtender(config, clients.For(pem is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(pem))), time);
    }

    public async Task<ExtenderFilterResult> FilterAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var verb = Config.FilterVerb ?? throw new InvalidOperationException("The extender has no filterVerb.");
        var answer = await CallAsync(verb, pod, nodes, cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new SchedulerExtenderException($"extender {verb}: the answer is not a JSON object");
        if (answer["Error"] is JsonValue error && error.ToString() is { Length: > 0 } message)
        {
            throw new SchedulerExtenderException($"extender {verb}: {message}");
        }

        var sent = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> passing = Config.NodeCacheCapable && answer["NodeNames"] is JsonArray names
            ? names.Select(n => n?.ToString() ?? "")
            : (answer["Nodes"]?["items"] as JsonArray ?? []).Select(n => n?["metadata"]?["name"]?.ToString() ?? "");
        var result = passing.ToList();
        if (result.FirstOrDefault(n => !sent.Contains(n)) is { } unknown)
        {
            throw new SchedulerExtenderException($"extender {verb} claims a filtered node \"{unknown}\" which is not in the input node list");
        }

        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { "FailedNodes", "FailedAndUnresolvableNodes" })
        {
            foreach (var (node, reason) in answer[field] as JsonObject ?? [])
            {
                failed[node] = reason?.ToString() ?? "";
            }
        }

        return new ExtenderFilterResult(result, failed);
    }

    public async Task<IReadOnlyList<ExtenderHostScore>> PrioritizeAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var verb = Config.PrioritizeVerb ?? throw new InvalidOperationException("The extender has no prioritizeVerb.");
        var answer = await CallAsync(verb, pod, nodes, cancellationToken).ConfigureAwait(false);
        if (answer is not JsonArray list)
        {
            return answer is null ? [] : throw new SchedulerExtenderException($"extender {verb}: the answer is not a HostPriorityList");
        }

        try
        {
            return [.. list.OfType<JsonObject>().Select(e => new ExtenderHostScore(e["Host"]?.ToString() ?? "", e["Score"]?.GetValue<long>() ?? 0))];
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new SchedulerExtenderException($"extender {verb}: a Score is not an integer", e);
        }
    }

    /// <summary>The ExtenderArgs body for a call; public so tests can assert the exact shape.</summary>
    public JsonObject Arguments(V1Pod pod, IReadOnlyList<V1Node> nodes) => new()
    {
        ["Pod"] = WithoutTypeMeta(pod),
        ["Nodes"] = Config.NodeCacheCapable ? null : new JsonObject { ["metadata"] = new JsonObject(), ["items"] = new JsonArray([.. nodes.Select(WithoutTypeMeta)]) },
        ["NodeNames"] = Config.NodeCacheCapable ? new JsonArray([.. nodes.Select(n => (JsonNode?)JsonValue.Create(n.Metadata.Name))]) : null,
    };

    private static JsonObject WithoutTypeMeta(object value)
    {
        var json = KubeJson.ToJsonObject(value);
        json.Remove("kind");
        json.Remove("apiVersion");
        return json;
    }

    private async Task<JsonNode?> CallAsync(string verb, V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Config.HttpTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var content = new StringContent(Arguments(pod, nodes).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync(Config.VerbUri(verb), content, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SchedulerExtenderException($"extender {verb}: HTTP {(int)response.StatusCode}");
            }

            return JsonNode.Parse(body, CaseInsensitive);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SchedulerExtenderException($"extender {verb}: no answer within {Config.HttpTimeout}", e);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new SchedulerExtenderException($"extender {verb}: {e.Message}", e);
        }
    }
}
