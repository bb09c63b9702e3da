using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Leadership;

/// <summary>
/// Runs work only while this replica holds the Lease (KubernetesClient's <see cref="LeaderElector"/>
/// on a <see cref="LeaseLock"/>). The work gets a token that is cancelled the moment leadership is
/// lost, so two replicas never provision at once for longer than the lease allows; then this
/// replica campaigns again.
/// </summary>
public sealed partial class LeaderElectedRunner(IKubernetes client, LeaderElectionSettings settings, ILogger<LeaderElectedRunner> logger)
{
    /// <summary>True while this replica leads.</summary>
    public bool IsLeader { get; private set; }

    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? work = null;
            var config = new LeaderElectionConfig(new LeaseLock(client, settings.LeaseNamespace, settings.LeaseName, settings.Identity))
            {
                LeaseDuration = settings.LeaseDuration,
                RenewDeadline = settings.RenewDeadline,
                RetryPeriod = settings.RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += () =>
            {
                IsLeader = true;
                LogStartedLeading(settings.Identity, settings.LeaseNamespace, settings.LeaseName);
                work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
            };
            elector.OnStoppedLeading += () =>
            {
                IsLeader = false;
                // Stepping down at shutdown is expected; losing the lease while running is not.
                if (cancellationToken.IsCancellationRequested)
                {
                    LogSteppedDown(settings.Identity);
                }
                else
                {
                    LogStoppedLeading(settings.Identity);
                }

                leading.Cancel();
            };
            elector.OnError += e => LogElectionError(e);
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                IsLeader = false;
                await leading.CancelAsync().ConfigureAwait(false);
                if (work is not null)
                {
                    await WaitQuietlyAsync(work).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(settings.RetryPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task WaitQuietlyAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogWorkFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads (lease {Namespace}/{Name})")]
    private partial void LogStartedLeading(string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease; provisioning stopped")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stepped down at shutdown")]
    private partial void LogSteppedDown(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election error")]
    private partial void LogElectionError(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The leader's work failed")]
    private partial void LogWorkFailed(Exception exception);
}
