using System.Collections.Concurrent;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>Records every request a Kubernetes client sends (method and path with query), for tests that count API calls.</summary>
internal sealed class RequestLog : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The LIST requests of a collection (GET on <paramref name="collectionPath"/> that is not a watch).</summary>
    public int ListsOf(string collectionPath) =>
        Requests.Count(r => r.StartsWith($"GET {collectionPath}", StringComparison.Ordinal)
            && (r.Length == 4 + collectionPath.Length || r[4 + collectionPath.Length] == '?')
            && !r.Contains("watch=true", StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery}");
        return base.SendAsync(request, cancellationToken);
    }
}
