using k8s;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// <c>make run</c>'s scenario on a running <see cref="LocalCluster"/>: submits the article's
/// spark-pi (driver and 20 executors, 1 CPU / 512m each, no scheduler name and no affinity: the
/// webhook adds both), shows the node claims and the job's progress as they change, waits for
/// the job and then for consolidation to remove every node, and reports.
/// </summary>
public sealed class DemoRunner(LocalCluster cluster, DemoOptions options, TextWriter output)
{
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly InstanceLedger _ledger = new();
    private string _lastClaims = "";
    private string _lastApplications = "";
    private bool _clusterEmpty;

    public async Task<DemoReport> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var spark = cluster.Simulators.Spark;
        var started = _time.GetUtcNow();
        var appId = await spark.SubmitAsync(SparkApplicationSpec.SparkPi(options.JobDuration), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Submitted spark-pi ({appId}): driver + 20 executors, 1 CPU / 512m each, {options.JobDuration.TotalSeconds:F0} s of work per executor").ConfigureAwait(false);

        await WatchUntilAsync(started, () => spark.Snapshot().FirstOrDefault(a => a.AppId == appId) is { State: SparkApplicationState.Succeeded or SparkApplicationState.Failed },
            options.JobTimeout, cancellationToken).ConfigureAwait(false);
        var nodesGone = false;
        if (spark.Snapshot().First(a => a.AppId == appId).State == SparkApplicationState.Succeeded)
        {
            await output.WriteLineAsync($"Job done; waiting up to {options.NodesGoneTimeout.TotalSeconds:F0} s for consolidation to remove the empty nodes").ConfigureAwait(false);
            nodesGone = await WatchUntilAsync(started, () => _clusterEmpty, options.NodesGoneTimeout, cancellationToken).ConfigureAwait(false);
        }

        return DemoReport.Create(spark.Snapshot().First(a => a.AppId == appId), _ledger.Instances, cluster.Ecs.Emulator.Options.Catalog, nodesGone, _time.GetUtcNow());
    }

    // Refreshes the live view every ProgressInterval until done() or the timeout; false on timeout.
    private async Task<bool> WatchUntilAsync(DateTimeOffset started, Func<bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            await RefreshAsync(started, cancellationToken).ConfigureAwait(false);
            if (done())
            {
                return true;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(options.ProgressInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var nodes = await cluster.Client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var claims = await new NodeClaimStore(cluster.Client).ListAsync((_, _) => { }, cancellationToken).ConfigureAwait(false);
        var instances = cluster.Ecs.Emulator.ListInstances();
        var nodeByInstance = nodes.Items
            .Where(n => n.Spec?.ProviderID is { } id && id.Contains('.', StringComparison.Ordinal))
            .ToDictionary(n => n.Spec.ProviderID[(n.Spec.ProviderID.IndexOf('.', StringComparison.Ordinal) + 1)..], n => n.Metadata.Name, StringComparer.Ordinal);
        _ledger.Observe(instances, nodeByInstance, now);
        _clusterEmpty = instances.Count == 0 && nodes.Items.Count == 0 && claims.Count == 0;

        // The claims table when it changed (with the progress under it), otherwise only changed progress.
        var claimsView = string.Join(Environment.NewLine, DemoLiveView.NodeClaims(claims));
        var applicationsView = string.Join(Environment.NewLine, DemoLiveView.Applications(cluster.Simulators.Spark.Snapshot()));
        var stamp = $"[t+{(now - started).TotalSeconds:F0}s] ";
        if (claimsView != _lastClaims)
        {
            await output.WriteLineAsync(stamp + "node claims:").ConfigureAwait(false);
            await output.WriteLineAsync(claimsView).ConfigureAwait(false);
            await output.WriteLineAsync(applicationsView).ConfigureAwait(false);
        }
        else if (applicationsView != _lastApplications)
        {
            await output.WriteLineAsync(stamp + applicationsView).ConfigureAwait(false);
        }

        (_lastClaims, _lastApplications) = (claimsView, applicationsView);
    }
}
