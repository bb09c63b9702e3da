using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Kubernetes.Tests.Caching;

public sealed class ListWatchCacheTests
{
    [Fact]
    public async Task A_list_refused_by_RBAC_is_logged_as_an_error_that_names_the_resource_and_the_missing_permission()
    {
        using var logs = new RecordingLoggerProvider();
        await using var cache = new ListWatchCache<V1DaemonSet>(new ForbiddenSource(), logger: logs.CreateLogger("cache"));
        await cache.StartAsync(CancellationToken.None);

        await Eventually.HoldsAsync(() => !logs.Lines.IsEmpty, "a log line");

        logs.Lines.First().Should().StartWith("Error").And.Contain("daemonsets.apps").And.Contain("403").And.Contain("RBAC");
        cache.HasSynced.Should().BeFalse();
    }

    private sealed class ForbiddenSource : IListWatchSource<V1DaemonSet>
    {
        public string Description => "daemonsets.apps";

        public Task<ListWatchSnapshot<V1DaemonSet>> ListAsync(CancellationToken cancellationToken) =>
            throw new HttpOperationException("Operation returned an invalid status code 'Forbidden'")
            {
                Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Forbidden), ""),
            };

        public IAsyncEnumerable<(WatchEventType Type, V1DaemonSet Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("never listed, so never watched");
    }
}
