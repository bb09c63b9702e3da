namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// Lets a test hold new watch requests, like a network partition between clients and the API
/// server: while paused they wait; on resume they proceed with the resourceVersion they asked for.
/// </summary>
internal sealed class WatchGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _paused;

    public void Pause()
    {
        lock (_lock)
        {
            _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _paused?.TrySetResult();
            _paused = null;
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _paused?.Task.WaitAsync(cancellationToken) ?? Task.CompletedTask;
        }
    }
}
