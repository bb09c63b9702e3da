using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Offerings that answered "no stock", remembered for <see cref="Ttl"/> (Karpenter's
/// unavailable-offerings cache): the solver skips them, so a stock-out is paid for once instead of
/// at every plan. Stock returns without notice, hence a time limit rather than a recovery signal.
/// Thread-safe: the provisioner and the disruption controller (spot reclaims) share one.
/// </summary>
public sealed class NoStockMemory(TimeSpan ttl)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(3);

    private readonly Dictionary<OfferingKey, DateTimeOffset> _until = [];

    public TimeSpan Ttl { get; } = ttl > TimeSpan.Zero ? ttl : throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The no-stock TTL must be positive.");

    /// <summary>
    /// Marks the offerings unavailable until <paramref name="now"/> + <see cref="Ttl"/> (a later report
    /// extends it, an earlier one never shortens it: launches running side by side report with the
    /// time their pass started, possibly after a report made later).
    /// </summary>
    public void Remember(IEnumerable<OfferingKey> offerings, DateTimeOffset now)
    {
        var until = now + Ttl;
        lock (_until)
        {
            foreach (var key in offerings)
            {
                _until[key] = _until.TryGetValue(key, out var known) && known > until ? known : until;
            }
        }
    }

    /// <summary>The offerings still unavailable at <paramref name="now"/>, in a stable order; expired ones are forgotten.</summary>
    public IReadOnlyList<UnavailableOffering> Unavailable(DateTimeOffset now)
    {
        lock (_until)
        {
            return UnavailableLocked(now);
        }
    }

    public bool IsUnavailable(string instanceType, string zone, CapacityType capacityType, DateTimeOffset now)
    {
        lock (_until)
        {
            return _until.TryGetValue(new OfferingKey(instanceType, zone, capacityType), out var until) && now < until;
        }
    }

    private List<UnavailableOffering> UnavailableLocked(DateTimeOffset now)
    {
        foreach (var expired in _until.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            _until.Remove(expired);
        }

        return [.. _until
            .OrderBy(e => e.Key.InstanceType, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Zone, StringComparer.Ordinal)
            .ThenBy(e => e.Key.CapacityType)
            .Select(e => new UnavailableOffering(e.Key.InstanceType, e.Key.Zone, e.Key.CapacityType, e.Value))];
    }
}
