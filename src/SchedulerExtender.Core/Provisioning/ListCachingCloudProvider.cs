using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A cloud provider whose <see cref="ListAsync"/> answers from a list at most
/// <paramref name="maxAge"/> old. The provisioner (every second) and the disruption controller
/// (every five) each list the cluster's instances every pass; on ECS that is DescribeInstances, one
/// call per 100 instances, and ECS throttles each API per account and region — a throttled
/// operation stays refused until the next minute, for the console and every other tool of the
/// account too. At 1,000 instances the two loops made about 720 calls a minute; with a 10 s list,
/// about 60.
/// <para>What this process does itself is seen at once: a launched instance is added to the list
/// and a deleted one taken out, so our own actions never wait for the next listing. What others do
/// (an instance deleted in the console, a spot reclaim notice) is seen up to <paramref name="maxAge"/>
/// late. The readers already allow for a late list — ECS lists a new instance a few seconds after
/// RunInstances — so a launch is never taken for gone within a minute, nor for an orphan within the
/// orphan grace period. The list is still taken before the claims in each pass, so an instance in it
/// always has its claim in the later claim list. Launches keep asking the cloud itself whether their
/// claim already has an instance. Concurrent callers of a stale list share one listing.</para>
/// </summary>
public sealed class ListCachingCloudProvider(ICloudProvider inner, TimeSpan maxAge, TimeProvider time) : ICloudProvider
{
    private readonly SemaphoreSlim _listing = new(1, 1);
    private readonly Lock _gate = new();
    private List<CloudInstance>? _instances;
    private DateTimeOffset _listedAt;

    public async Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var instance = await inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_instances is not null && !_instances.Exists(i => i.InstanceId == instance.InstanceId))
            {
                _instances = [.. _instances, instance];
            }
        }

        return instance;
    }

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        await inner.DeleteAsync(instanceId, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _instances = _instances?.Where(i => i.InstanceId != instanceId).ToList();
        }
    }

    public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken) => inner.GetAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => inner.GetInstanceTypesAsync(cancellationToken);

    public async Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _listing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the listing before us may have just refreshed it.
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            var started = time.GetUtcNow();
            var listed = (await inner.ListAsync(cancellationToken).ConfigureAwait(false)).ToList();
            lock (_gate)
            {
                // Aged from when the listing began: ECS answered for that moment, not for when the last page came in.
                (_instances, _listedAt) = (listed, started);
                return listed;
            }
        }
        finally
        {
            _listing.Release();
        }
    }

    /// <summary>The list as it stands, or null when there is none younger than the maximum age.</summary>
    private List<CloudInstance>? Fresh()
    {
        lock (_gate)
        {
            return _instances is not null && time.GetUtcNow() - _listedAt < maxAge ? _instances : null;
        }
    }
}
