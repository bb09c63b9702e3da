using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Cost;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Cost;

/// <summary>
/// Every <see cref="CostOptions.Interval"/>, prices the nodes in the node cache
/// (<see cref="CostCalculator"/>) and publishes the result; the cumulative cost grows by the
/// hourly cost that was in force since the previous tick. Nothing is published until the cache
/// has synced (a half-listed cluster would look cheap).
/// </summary>
public sealed partial class CostExporter(NodeCache nodes, IPriceSource prices, CostMetrics metrics, IOptions<CostOptions> options,
    TimeProvider time, ILogger<CostExporter> logger) : BackgroundService
{
    private CumulativeCost _spent;
    private (DateTimeOffset At, double CostPerHour)? _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                Tick();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bad node or price must not end the exporter; the next tick tries again.
                LogTickFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void Tick()
    {
        if (!nodes.HasSynced)
        {
            return;
        }

        var now = time.GetUtcNow();
        var snapshot = CostCalculator.Calculate(
            nodes.Nodes.Values.Select(n => CostNode.FromLabels(n.Metadata.Name, n.Metadata.Labels?.AsReadOnly())), prices);
        var before = _spent.Total;
        if (_last is { } last)
        {
            _spent = _spent.Advance(last.CostPerHour, now - last.At);
        }

        metrics.Publish(snapshot, _spent.Total - before);
        _last = (now, snapshot.CostPerHour);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the cost metrics failed; retrying at the next interval")]
    private partial void LogTickFailed(Exception exception);
}
