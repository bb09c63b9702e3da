using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// A cloud provider whose launches carry the bootstrap the <see cref="INodeBootstrap"/> composes
/// (in ACK mode: the cluster's attach script with the claim's labels and taints) in place of the
/// ECSNodeClass userData alone. A decorator, so the provisioner stays unaware of how nodes join.
/// </summary>
public sealed class BootstrappingCloudProvider(ICloudProvider inner, INodeBootstrap bootstrap) : ICloudProvider
{
    public async Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userData = await bootstrap.UserDataAsync(
            new NodeBootstrapRequest(request.Labels, request.Taints, request.UserData, ArchitectureOf(request)) { KubeletArgs = request.KubeletArgs },
            cancellationToken).ConfigureAwait(false);
        return await inner.CreateAsync(request with { UserData = userData }, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) => inner.DeleteAsync(instanceId, cancellationToken);

    public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken) => inner.GetAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => inner.GetInstanceTypesAsync(cancellationToken);

    // Every candidate of one launch shares an architecture (one image); the label says which.
    private static string ArchitectureOf(LaunchRequest request) =>
        request.Labels.GetValueOrDefault(WellKnownLabels.Arch)
        ?? (request.Candidates.Count > 0 ? request.Candidates[0].Architecture : "amd64");
}
