using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// Streams a watch as the API server does: HTTP 200, then one JSON event per line, flushed as it
/// happens, until timeoutSeconds passes, the client leaves or the server closes the watch.
/// </summary>
internal sealed class KubeWatchStreamer(KubeStore store, EmbeddedKubeApiOptions options, WatchGate gate)
{
    /// <param name="asTable">Turns an event's object into what the client asked for (a one-row Table for kubectl get -w), or null.</param>
    public async Task StreamAsync(HttpContext context, KubeResource resource, string? @namespace, ListOptions listOptions, Func<JsonObject, JsonObject>? asTable)
    {
        var query = context.Request.Query;
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : options.DefaultWatchTimeout;
        var bookmarks = query["allowWatchBookmarks"] is ["true" or "1"];
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        lifetime.CancelAfter(timeout);
        var token = lifetime.Token;

        try
        {
            await gate.WaitAsync(token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await WriteHeadersAsync(context);
            return; // timed out while held: an empty, finished watch
        }

        using var subscription = store.Watch(resource, @namespace, listOptions);
        await WriteHeadersAsync(context);
        try
        {
            await PumpAsync(context, resource, subscription, bookmarks, asTable, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // timeoutSeconds reached or the client left: the stream simply ends
        }
    }

    private async Task PumpAsync(HttpContext context, KubeResource resource, WatchSubscription subscription, bool bookmarks, Func<JsonObject, JsonObject>? asTable, CancellationToken token)
    {
        var reader = subscription.Events;
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(token);
            if (bookmarks)
            {
                tick.CancelAfter(options.BookmarkInterval);
            }

            bool open;
            try
            {
                open = await reader.WaitToReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                if (store.BookmarkVersion(subscription) is { } version)
                {
                    await WriteLineAsync(context, new WatchEvent(WatchEvent.Bookmark, KubeStore.BookmarkObject(resource, version)), token);
                }

                continue;
            }

            if (!open)
            {
                return;
            }

            while (reader.TryRead(out var watchEvent))
            {
                var shaped = asTable is not null && watchEvent.Type is WatchEvent.Added or WatchEvent.Modified or WatchEvent.Deleted
                    ? watchEvent with { Object = asTable(watchEvent.Object) }
                    : watchEvent;
                await WriteLineAsync(context, shaped, token);
            }

            await context.Response.Body.FlushAsync(token);
        }
    }

    private static async Task WriteHeadersAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteLineAsync(HttpContext context, WatchEvent watchEvent, CancellationToken token)
    {
        // Written by hand rather than through ToJson(): the event already holds its own copy of the object.
        await context.Response.WriteAsync($"{{\"type\":\"{watchEvent.Type}\",\"object\":{watchEvent.Object.ToJsonString()}}}\n", token);
        if (watchEvent.Type == WatchEvent.Bookmark)
        {
            await context.Response.Body.FlushAsync(token);
        }
    }
}
