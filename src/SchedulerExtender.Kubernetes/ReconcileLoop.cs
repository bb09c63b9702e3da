namespace SchedulerExtender.Kubernetes;

/// <summary>
/// The controllers' loop: one pass, then a pause, until cancelled (leadership lost or shutdown).
/// A failed pass is reported and retried at the next tick, so one bad object or a cloud outage
/// never stops a controller.
/// </summary>
internal static class ReconcileLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time, Action<Exception> passFailed, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await pass(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                passFailed(e);
            }

            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
