using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>
/// A cloud provider decorator that holds every launch until <paramref name="openAt"/> launches are
/// in flight at once, then lets them all through, recording the most launches ever in flight at
/// once and the claims in the order their first launch arrived. Launches one after another never
/// open the gate: after <see cref="GiveUpAfter"/> it opens anyway, so such a controller shows up as
/// <see cref="MaxInFlight"/> 1 in an assertion instead of hanging the test. <paramref name="fail"/>
/// may turn a launch that passed the gate into a failure (without reaching the cloud).
/// </summary>
internal sealed class GatedCloudProvider(ICloudProvider inner, int openAt, Func<LaunchRequest, Exception?>? fail = null) : ICloudProvider
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(15);

    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<string> _claims = [];
    private int _inFlight;
    private int _maxInFlight;

    public int MaxInFlight
    {
        get { lock (_lock) { return _maxInFlight; } }
    }

    /// <summary>Every claim a launch was asked for, in the order of its first request.</summary>
    public IReadOnlyList<string> Claims
    {
        get { lock (_lock) { return [.. _claims]; } }
    }

    public async Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            if (!_claims.Contains(request.NodeClaim))
            {
                _claims.Add(request.NodeClaim);
            }

            if (_inFlight >= openAt)
            {
                _open.TrySetResult();
            }
        }

        try
        {
            try
            {
                await _open.Task.WaitAsync(GiveUpAfter, cancellationToken);
            }
            catch (TimeoutException)
            {
                _open.TrySetResult();
            }

            return fail?.Invoke(request) is { } failure ? throw failure : await inner.CreateAsync(request, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) => inner.DeleteAsync(instanceId, cancellationToken);

    public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken) => inner.GetAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => inner.GetInstanceTypesAsync(cancellationToken);
}
