using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using SchedulerExtender.Host.Provisioning;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Restarts the provisioner of a running server the two ways it happens in a cluster: the hosted
/// service stops and starts again (a new pod: new controllers, caches, no-stock memory — all state
/// recovered from the API objects and the cloud), or another replica takes the Lease (the leader
/// loses it, its controllers are cancelled mid-pass, and it wins the Lease back once it expires).
/// </summary>
internal sealed class ProvisionerRestarts(IServiceProvider services, IKubernetes client, string leaseNamespace, string leaseName)
{
    public int ServiceRestarts { get; private set; }

    public int LeasesLost { get; private set; }

    /// <summary>Stops the provisioner's hosted service (cancelling whatever it was doing) and starts it again.</summary>
    public async Task RestartServiceAsync(CancellationToken cancellationToken)
    {
        var service = services.GetRequiredService<ProvisionerService>();
        await service.StopAsync(cancellationToken);
        // Not linked to the test's token: the service runs until the next restart or the server stops.
        await service.StartAsync(CancellationToken.None);
        ServiceRestarts++;
    }

    /// <summary>Writes another holder into the Lease, as a replica that won an election would; false when there was no Lease yet.</summary>
    public async Task<bool> StealLeaseAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            V1Lease lease;
            try
            {
                lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(leaseName, leaseNamespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            var now = DateTime.UtcNow;
            lease.Spec.HolderIdentity = $"chaos-replica-{LeasesLost}";
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, leaseName, leaseNamespace, cancellationToken: cancellationToken);
                LeasesLost++;
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // The leader renewed in between: read it again.
            }
        }

        return false;
    }
}
