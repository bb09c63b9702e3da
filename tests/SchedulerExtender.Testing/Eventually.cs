namespace SchedulerExtender.Testing;

/// <summary>
/// Polls a condition until it holds. Tests wait on conditions, never on fixed sleeps, so they stay
/// correct on a loaded machine; the timeouts are generous because only a failing test reaches them.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until <paramref name="condition"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> (and <paramref name="context"/>, e.g. the logs) otherwise.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? context = null)
    {
        if (!await WithinAsync(condition, timeout ?? DefaultTimeout, CancellationToken.None))
        {
            throw new TimeoutException($"gave up waiting for: {what}" + (context is null ? "" : "\n" + context()));
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, string, TimeSpan?, Func{string}?)"/>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? context = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout, context);

    /// <summary>Whether <paramref name="condition"/> comes to hold within <paramref name="timeout"/>, checked every <paramref name="interval"/> (50 ms; longer for costly checks).</summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }

        return true;
    }
}
