using System.Threading.Channels;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// An open watch on the store. Events arrive on <see cref="Events"/> in resourceVersion order; the
/// channel completes when the watch ends (disposed, closed by the server, or the watcher fell
/// more than the buffer behind — it then resumes from its last version, as against a real server).
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _channel;
    private readonly Action<WatchSubscription> _unsubscribe;
    private readonly KubeResource _resource;
    private readonly string? _namespace;
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    internal WatchSubscription(KubeResource resource, string? @namespace, LabelSelector labels, FieldSelector fields, int bufferSize, Action<WatchSubscription> unsubscribe)
    {
        _resource = resource;
        _namespace = @namespace;
        _labels = labels;
        _fields = fields;
        _unsubscribe = unsubscribe;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(Math.Max(1, bufferSize)) { SingleReader = true, SingleWriter = true });
    }

    public KubeResource Resource => _resource;

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }

    internal void Close() => _channel.Writer.TryComplete();

    /// <summary>Queues the event if this watch sees it; false when the watcher is too far behind and was closed.</summary>
    internal bool Offer(StoredEvent stored)
    {
        var translated = Translate(stored);
        if (translated is null || _channel.Writer.TryWrite(translated))
        {
            return true;
        }

        _channel.Writer.TryComplete();
        return false;
    }

    internal bool Offer(WatchEvent watchEvent) => _channel.Writer.TryWrite(watchEvent);

    internal bool Matches(System.Text.Json.Nodes.JsonObject obj) =>
        (_namespace is null || obj.Namespace() == _namespace) && _fields.Matches(obj) && _labels.Matches(obj.Labels());

    // A filtered watch sees an object enter its selection as ADDED and leave it as DELETED, as the
    // API server's watch cache reports it.
    private WatchEvent? Translate(StoredEvent stored)
    {
        if (stored.Resource != _resource || (_namespace is not null && stored.Namespace != _namespace))
        {
            return null;
        }

        var nowMatches = Matches(stored.New);
        var type = stored.Type switch
        {
            WatchEvent.Added => nowMatches ? WatchEvent.Added : null,
            WatchEvent.Deleted => nowMatches ? WatchEvent.Deleted : null,
            _ => (stored.Old is not null && Matches(stored.Old), nowMatches) switch
            {
                (true, true) => WatchEvent.Modified,
                (false, true) => WatchEvent.Added,
                (true, false) => WatchEvent.Deleted,
                _ => null,
            },
        };
        return type is null ? null : new WatchEvent(type, (System.Text.Json.Nodes.JsonObject)stored.New.DeepClone());
    }
}
