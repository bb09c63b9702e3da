using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Demo;

/// <summary>
/// Every instance the ECS emulator held while the demo watched, with its Node and its release
/// time: the emulator forgets released instances, the cost summary must not.
/// </summary>
public sealed class InstanceLedger
{
    private readonly Dictionary<string, LaunchedInstance> _instances = new(StringComparer.Ordinal);

    /// <summary>Records what exists at <paramref name="now"/>; an instance no longer listed was released by then.</summary>
    /// <param name="nodeNamesByInstanceId">Nodes registered for instances (from their providerID).</param>
    public void Observe(IReadOnlyList<EmulatedInstance> current, IReadOnlyDictionary<string, string> nodeNamesByInstanceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(nodeNamesByInstanceId);
        foreach (var instance in current)
        {
            var known = _instances.GetValueOrDefault(instance.InstanceId)
                ?? new LaunchedInstance(instance.InstanceId, instance.InstanceType, instance.CapacityType, instance.ZoneId, instance.CreatedAt, null, null);
            _instances[instance.InstanceId] = known with { NodeName = nodeNamesByInstanceId.GetValueOrDefault(instance.InstanceId) ?? known.NodeName };
        }

        var live = current.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _instances.Values.Where(i => i.ReleasedAt is null && !live.Contains(i.InstanceId)).ToList())
        {
            _instances[gone.InstanceId] = gone with { ReleasedAt = now };
        }
    }

    /// <summary>In launch order.</summary>
    public IReadOnlyList<LaunchedInstance> Instances =>
        [.. _instances.Values.OrderBy(i => i.LaunchedAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal)];
}
