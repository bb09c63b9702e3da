using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Local.Simulators;

/// <summary>
/// The control loop of every simulator: a pass runs whenever a pod or node changes and at least
/// once per interval. Watches are only wake-ups: each pass lists what it needs, so it always acts
/// on a complete, current state (no cache lag, no "assumed" objects) — level-triggered, like a
/// controller's resync. The interval drives what no watch reports: boot delays, grace periods,
/// job progress. Time comes from the given <see cref="TimeProvider"/>.
/// </summary>
internal static class ReconcileLoop
{
    public static async Task RunAsync(
        string name, IKubernetes client, Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task[] watchers =
        [
            WakeOnChangesAsync(name, "pods", ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct).AsWakeUps(), wake.Writer, time, logger, watching.Token),
            WakeOnChangesAsync(name, "nodes", ct => client.CoreV1.WatchListNodeAsync(cancellationToken: ct).AsWakeUps(), wake.Writer, time, logger, watching.Token),
        ];
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await pass(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // a failed pass (API unavailable, a conflict) is retried by the next one; the loop must live on
                catch (Exception e)
#pragma warning restore CA1031
                {
                    logger.LogWarning(e, "{Simulator}: pass failed; retrying", name);
                }

                using var timeout = new CancellationTokenSource(interval, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
                try
                {
                    await wake.Reader.ReadAsync(either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // The interval elapsed: run a pass for the timers.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watchers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static IAsyncEnumerable<bool> AsWakeUps<T>(this IAsyncEnumerable<(WatchEventType, T)> events) =>
        events.Select(_ => true);

    private static async Task WakeOnChangesAsync(
        string name, string resource, Func<CancellationToken, IAsyncEnumerable<bool>> watch, ChannelWriter<bool> wake, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in watch(stopping).ConfigureAwait(false))
                {
                    wake.TryWrite(true);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the watch is re-opened; the interval keeps the loop going meanwhile
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogDebug(e, "{Simulator}: {Resource} watch ended; re-opening", name, resource);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
