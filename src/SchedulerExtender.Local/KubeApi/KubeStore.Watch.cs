using System.Globalization;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

public sealed partial class KubeStore
{
    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with an ADDED event for every
    /// current object, as the API server does; with one, it replays the retained events after it, or
    /// — when that version is older than the retained window — sends a single ERROR event carrying a
    /// 410 Expired Status and ends, so the client re-lists.
    /// </summary>
    public WatchSubscription Watch(KubeResource resource, string? @namespace, ListOptions? options = null)
    {
        options ??= ListOptions.Everything;
        var labels = ParseLabels(options.LabelSelector);
        var fields = ParseFields(options.FieldSelector);
        long? from = options.ResourceVersion is null or "" or "0" ? null : ParseVersion(options.ResourceVersion);
        var scope = resource.Namespaced ? (string.IsNullOrEmpty(@namespace) ? null : @namespace) : null;
        var subscription = new WatchSubscription(resource, scope, labels, fields, _options.WatchBufferSize, Unsubscribe);

        lock (_gate)
        {
            if (from is null)
            {
                foreach (var obj in _objects[resource].Values.Where(subscription.Matches))
                {
                    subscription.Offer(new WatchEvent(WatchEvent.Added, Clone(obj)));
                }
            }
            else if (!_window.CanResumeFrom(from.Value))
            {
                var gone = KubeStatus.Expired($"too old resource version: {from} ({_window.DroppedThrough})");
                subscription.Offer(new WatchEvent(WatchEvent.Error, gone.ToJson()));
                subscription.Close();
                return subscription;
            }
            else
            {
                foreach (var stored in _window.After(from.Value))
                {
                    subscription.Offer(stored);
                }
            }

            _watchers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>
    /// The resourceVersion a BOOKMARK may carry for this watch now: only when every event up to it has
    /// been read, so a client resuming from it misses nothing. Null when events are still queued.
    /// </summary>
    public string? BookmarkVersion(WatchSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_gate)
        {
            return subscription.Events.Count == 0 ? FormatVersion(_resourceVersion) : null;
        }
    }

    /// <summary>Ends every open watch, as an API server restart or a network failure would; clients resume.</summary>
    public void CloseAllWatches()
    {
        lock (_gate)
        {
            _watchers.ForEach(w => w.Close());
            _watchers.Clear();
        }
    }

    /// <summary>How many watches are open (the HTTP layer and in-process ones).</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    internal static JsonObject BookmarkObject(KubeResource resource, string version) => new()
    {
        ["kind"] = resource.Kind,
        ["apiVersion"] = resource.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version },
    };

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _watchers.Remove(subscription);
        }
    }

    private static long ParseVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new KubeApiException(KubeStatus.BadRequest($"invalid resource version \"{text}\""));
}
