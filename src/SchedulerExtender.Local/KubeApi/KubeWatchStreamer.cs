using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// Streams a watch as the API server does: HTTP 200, then one JSON event per line, flushed as it
/// happens, until timeoutSeconds passes, the client leaves or the server closes the watch.
/// </summary>
internal sealed class KubeWatchStreamer(KubeStore store, EmbeddedKubeApiOptions options, WatchGate gate)
{
    public async Task StreamAsync(HttpContext context, KubeResource resource, string? @namespace, ListOptions listOptions)
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
            await PumpAsync(context, resource, subscription, bookmarks, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // timeoutSeconds reached or the client left: the stream simply ends
        }
    }

    private async Task PumpAsync(HttpContext context, KubeResource resource, WatchSubscription subscription, bool bookmarks, CancellationToken token)
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
                await WriteLineAsync(context, watchEvent, token);
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
        await context.Response.WriteAsync(watchEvent.ToJson().ToJsonString() + "\n", token);
        if (watchEvent.Type == WatchEvent.Bookmark)
        {
            await context.Response.Body.FlushAsync(token);
        }
    }
}
