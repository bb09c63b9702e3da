using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Local.Simulators.Kubelet;

namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>
/// Plays spark-submit and the Spark driver for local mode (model: Simulators/README.md). Submit
/// creates the driver pod through the API (so admission webhooks see it as in a cluster); once the
/// driver runs, the driver's part creates the executors, counts work done by running executors,
/// re-requests executors that are lost, and when the work is done deletes the executors and exits,
/// so the kubelet marks the driver Succeeded. Progress is in <see cref="Snapshot"/>.
/// </summary>
public sealed class SparkApplicationSimulator
{
    private readonly IKubernetes _client;
    private readonly IPodExitReporter _exits;
    private readonly SparkApplicationSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly ConcurrentDictionary<string, SparkApplicationRun> _runs = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<SparkApplicationSnapshot> _snapshot = [];

    public SparkApplicationSimulator(IKubernetes client, IPodExitReporter exits, SparkApplicationSimulatorOptions? options = null, TimeProvider? time = null, ILogger<SparkApplicationSimulator>? logger = null)
    {
        _client = client;
        _exits = exits;
        _options = options ?? new SparkApplicationSimulatorOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SparkApplicationSimulator>.Instance;
        _random = new Random(_options.Seed);
    }

    /// <summary>Every application submitted, in submission order, as of the last pass.</summary>
    public IReadOnlyList<SparkApplicationSnapshot> Snapshot() => _snapshot;

    public Task RunAsync(CancellationToken stopping) =>
        ReconcileLoop.RunAsync("spark", _client, ReconcileOnceAsync, _options.Interval, _time, _logger, stopping);

    /// <summary>Creates the driver pod as spark-submit does; returns the application ID (spark-app-selector).</summary>
    public async Task<string> SubmitAsync(SparkApplicationSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        string appId, prefix;
        lock (_randomLock)
        {
            appId = "spark-" + Hex(32);
            prefix = $"{spec.Name}-{Hex(16)}";
        }

        var run = new SparkApplicationRun(spec, appId, prefix, new SparkWork(spec.WorkExecutorSeconds, _options.TaskDuration.TotalSeconds), _time.GetUtcNow());
        await _client.CoreV1.CreateNamespacedPodAsync(SparkPods.Driver(spec, appId, prefix), spec.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        run.Published = run.Snapshot();
        _runs[appId] = run;
        Publish();
        _logger.LogInformation("Submitted {App} ({AppId}): {Executors} executors × {Duration}", spec.Name, appId, spec.Executors, spec.Duration);
        return appId;
    }

    /// <summary>Completes when the application succeeds or fails.</summary>
    public Task<SparkApplicationSnapshot> WhenFinishedAsync(string appId, CancellationToken cancellationToken) =>
        _runs.TryGetValue(appId, out var run)
            ? run.Finished.Task.WaitAsync(cancellationToken)
            : throw new ArgumentException($"No application {appId} was submitted here.", nameof(appId));

    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        // Runs are taken before the list: a run submitted meanwhile would not find its driver in it.
        var runs = _runs.Values.Where(r => !r.IsFinal).OrderBy(r => r.SubmittedAt).ToList();
        var pods = (await _client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: SparkLabels.AppSelector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var byApp = pods.ToLookup(p => p.Metadata.Labels[SparkLabels.AppSelector], StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        foreach (var run in runs)
        {
            var appPods = byApp[run.AppId].ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);
            await SyncAsync(run, appPods, now, cancellationToken).ConfigureAwait(false);
            run.FinishedAt ??= run.IsFinal ? now : null;
            run.Published = run.Snapshot();
            if (run.IsFinal)
            {
                run.Finished.TrySetResult(run.Published);
                _logger.LogInformation("{App} ({AppId}) {State}: {Message}", run.Spec.Name, run.AppId, run.State, run.Message);
            }
        }

        Publish();
    }

    private async Task SyncAsync(SparkApplicationRun run, Dictionary<string, V1Pod> pods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var driver = pods.GetValueOrDefault(run.DriverName);
        Record(run, driver, SparkLabels.DriverRole);
        if (driver is null || driver.Status?.Phase == "Failed" || (KubeJson.IsTerminating(driver) && !run.ShuttingDown))
        {
            run.State = SparkApplicationState.Failed;
            run.Message = driver is null ? "the driver pod was deleted" : $"the driver pod failed ({driver.Status?.Reason ?? "terminated"})";
            await DeleteExecutorsAsync(run, pods, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (driver.Status?.Phase == "Succeeded")
        {
            run.State = SparkApplicationState.Succeeded;
            run.Message = string.Create(CultureInfo.InvariantCulture, $"{run.Work.Total:0} executor-seconds done, {run.Work.Redone:0} redone, {run.ExecutorsLost} executors lost");
            return;
        }

        if (driver.Status?.Phase != "Running" || run.ShuttingDown)
        {
            return;
        }

        if (run.State == SparkApplicationState.Submitted)
        {
            run.State = SparkApplicationState.Running;
            run.StartedAt = now;
        }

        // The executors running at the previous pass did the work since then.
        run.Work.Advance(run.Working, run.LastCounted is { } last ? Math.Max(0, (now - last).TotalSeconds) : 0);
        run.LastCounted = now;
        TrackExecutors(run, pods);
        run.Working = [.. run.Executors.Where(e => !e.Value && pods.TryGetValue(e.Key, out var p) && p.Status?.Phase == "Running").Select(e => e.Key)];
        foreach (var pod in pods.Values.Where(p => p.Status?.Phase == "Failed" && !run.Executors.ContainsKey(p.Metadata.Name) && Role(p) == SparkLabels.ExecutorRole))
        {
            // Spark deletes executor pods that failed (spark.kubernetes.executor.deleteOnTermination).
            await DeleteAsync(pod, cancellationToken).ConfigureAwait(false);
        }

        if (run.Work.IsDone)
        {
            run.ShuttingDown = true;
            run.Working = [];
            await DeleteExecutorsAsync(run, pods, cancellationToken).ConfigureAwait(false);
            _exits.ReportExit(driver.Metadata.Uid, 0);
            return;
        }

        var wanted = run.Spec.Executors - run.Executors.Count(e => !e.Value);
        for (var i = 0; i < wanted; i++)
        {
            var executor = SparkPods.Executor(run.Spec, run.AppId, run.PodPrefix, driver, run.NextExecutorId++);
            await _client.CoreV1.CreateNamespacedPodAsync(executor, run.Spec.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            run.Executors[executor.Metadata.Name] = false;
        }
    }

    /// <summary>Applies what happened to each executor since the last pass: abrupt losses, graceful decommissions, exits.</summary>
    private void TrackExecutors(SparkApplicationRun run, Dictionary<string, V1Pod> pods)
    {
        foreach (var (name, decommissioning) in run.Executors.ToList())
        {
            var pod = pods.GetValueOrDefault(name);
            Record(run, pod, SparkLabels.ExecutorRole);
            if (pod is null || pod.Status?.Phase is "Failed" or "Succeeded")
            {
                if (!decommissioning)
                {
                    run.Work.Lose(name);
                    run.ExecutorsLost++;
                    _logger.LogInformation("{App}: executor {Pod} lost ({Reason}); its task is redone", run.Spec.Name, name, pod?.Status?.Reason ?? "pod deleted");
                }

                run.Executors.Remove(name);
            }
            else if (KubeJson.IsTerminating(pod) && !decommissioning)
            {
                // SIGTERM: the executor decommissions — finishes its task, migrates its blocks — and exits.
                run.Work.Decommission(name);
                run.ExecutorsDecommissioned++;
                run.Executors[name] = true;
                _exits.ReportExit(pod.Metadata.Uid, 0);
            }
        }
    }

    private static void Record(SparkApplicationRun run, V1Pod? pod, string role)
    {
        if (pod?.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is "Running" or "Succeeded")
        {
            run.Placements.TryAdd(pod.Metadata.Name, new SparkPodPlacement(pod.Metadata.Name, role, node));
            if (role == SparkLabels.DriverRole)
            {
                run.DriverNode = node;
            }
        }
    }

    private async Task DeleteExecutorsAsync(SparkApplicationRun run, Dictionary<string, V1Pod> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.Values.Where(p => Role(p) == SparkLabels.ExecutorRole))
        {
            // The driver stops its executors on shutdown: they exit at once rather than wait out their grace period.
            _exits.ReportExit(pod.Metadata.Uid, 0);
            await DeleteAsync(pod, cancellationToken).ConfigureAwait(false);
        }

        run.Executors.Clear();
    }

    private async Task DeleteAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    private static string? Role(V1Pod pod) => pod.Metadata.Labels?.TryGetValue(SparkLabels.Role, out var role) == true ? role : null;

    // Built from each run's last published copy: a run's live state belongs to the reconcile pass alone.
    private void Publish() => _snapshot = [.. _runs.Values.OrderBy(r => r.SubmittedAt).ThenBy(r => r.AppId, StringComparer.Ordinal).Select(r => r.Published)];

    private string Hex(int length)
    {
        var bytes = new byte[length / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
