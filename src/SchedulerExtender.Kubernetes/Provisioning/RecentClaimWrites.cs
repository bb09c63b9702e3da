namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// The claims this provisioner created or launched lately, laid over what the
/// <see cref="NodeClaimCache"/> shows until the cache has caught up (Karpenter keeps a launch
/// cache for the same reason). Without it a lagging cache (a watch reconnecting, a re-list) would
/// hide a claim created a pass ago, so its still-pending pods would be planned onto a second new
/// node; and it would show a claim launched a pass ago as unlaunched, so it would be launched again
/// (safe, the provider returns the instance tagged with the claim, but a cloud call and its status
/// written again). Likewise a claim it gave up (deleted, finalizer removed) is hidden while the
/// cache still shows it: launched again it would get an instance no claim owns. An entry lasts
/// until the cache shows the claim at least as far along (or no longer shows a given-up claim),
/// or <see cref="Ttl"/> passes (a claim deleted by someone else before the cache ever showed it is
/// not held longer than that). Used by the pass and by the launches it runs side by side, hence
/// the lock.
/// </summary>
internal sealed class RecentClaimWrites
{
    /// <summary>Longer than the cache's longest back-off (30 s) plus a re-list.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (NodeClaimResource Claim, DateTimeOffset At)> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _gone = new(StringComparer.Ordinal);

    /// <summary>The claim as this process just wrote it (created, or launched).</summary>
    public void Record(NodeClaimResource claim, DateTimeOffset now)
    {
        lock (_lock)
        {
            _written[claim.Name] = (claim, now);
        }
    }

    /// <summary>The claim was given up and is gone (deleted, our finalizer removed): hidden until the cache no longer shows it.</summary>
    public void Gone(string name, DateTimeOffset now)
    {
        lock (_lock)
        {
            _written.Remove(name);
            _gone[name] = now;
        }
    }

    /// <summary>
    /// The cached claims with this process's recent writes applied: a recorded claim the cache does
    /// not show yet is added; a cached claim not yet showing a launch recorded here is replaced by
    /// the recorded one (unless it is deleting: a deletion is never hidden); a claim given up is left
    /// out. Entries the cache has caught up with, or older than <see cref="Ttl"/>, are dropped.
    /// </summary>
    public IReadOnlyList<NodeClaimResource> Apply(IReadOnlyList<NodeClaimResource> cached, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_written.Count == 0 && _gone.Count == 0)
            {
                return cached;
            }

            var result = new List<NodeClaimResource>(cached.Count + _written.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in cached)
            {
                seen.Add(claim.Name);
                if (_gone.TryGetValue(claim.Name, out var goneAt))
                {
                    if (goneAt + Ttl > now)
                    {
                        continue; // the cache has not seen it go yet
                    }

                    _gone.Remove(claim.Name);
                }

                if (_written.TryGetValue(claim.Name, out var written) && !claim.Deleting && claim.ProviderId is null && written.Claim.ProviderId is not null
                    && written.At + Ttl > now)
                {
                    result.Add(written.Claim);
                    continue;
                }

                _written.Remove(claim.Name); // caught up (or deleting, or expired)
                result.Add(claim);
            }

            foreach (var name in _gone.Keys.Where(n => !seen.Contains(n)).ToList())
            {
                _gone.Remove(name); // the cache saw it go
            }

            foreach (var (name, written) in _written.ToList())
            {
                if (seen.Contains(name))
                {
                    continue;
                }

                if (written.At + Ttl > now)
                {
                    result.Add(written.Claim);
                }
                else
                {
                    _written.Remove(name);
                }
            }

            return result;
        }
    }
}
