using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The latest registration outcomes per NodePool, in memory: the provisioner records them, the
/// pool-status writer turns them into the <see cref="NodeRegistrationHealth"/> condition. Only the
/// last few per pool are kept; a restart starts empty (the condition on the pool stays as written).
/// Thread-safe: claims are launched and given up in parallel.
/// </summary>
public sealed class NodeRegistrationHistory
{
    private const int Kept = 10;
    private readonly Dictionary<string, List<RegistrationOutcome>> _byPool = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(string nodePool, RegistrationOutcome outcome)
    {
        lock (_lock)
        {
            if (!_byPool.TryGetValue(nodePool, out var outcomes))
            {
                _byPool[nodePool] = outcomes = [];
            }

            outcomes.Add(outcome);
            if (outcomes.Count > Kept)
            {
                outcomes.RemoveAt(0);
            }
        }
    }

    /// <summary>The pool's outcomes, oldest first.</summary>
    public IReadOnlyList<RegistrationOutcome> Of(string nodePool)
    {
        lock (_lock)
        {
            return _byPool.TryGetValue(nodePool, out var outcomes) ? [.. outcomes] : [];
        }
    }

    /// <summary>Forgets the pool's outcomes: it changed, and what failed before may work now.</summary>
    public void Clear(string nodePool)
    {
        lock (_lock)
        {
            _byPool.Remove(nodePool);
        }
    }
}
