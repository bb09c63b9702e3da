namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// The retained history of changes that watches resume from. Older events are dropped once the
/// window is full; <see cref="DroppedThrough"/> remembers the newest dropped version, so a resume
/// from before it is known to have missed events (410 Gone).
/// </summary>
internal sealed class EventWindow(int capacity)
{
    private readonly Queue<StoredEvent> _events = new();

    public long DroppedThrough { get; private set; }

    public int Capacity { get; } = Math.Max(1, capacity);

    public void Add(StoredEvent stored)
    {
        _events.Enqueue(stored);
        while (_events.Count > Capacity)
        {
            DroppedThrough = _events.Dequeue().ResourceVersion;
        }
    }

    /// <summary>True when every event after <paramref name="resourceVersion"/> is still retained.</summary>
    public bool CanResumeFrom(long resourceVersion) => resourceVersion >= DroppedThrough;

    public IEnumerable<StoredEvent> After(long resourceVersion) => _events.Where(e => e.ResourceVersion > resourceVersion);
}
