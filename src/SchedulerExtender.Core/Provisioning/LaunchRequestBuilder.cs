using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// Builds the <see cref="LaunchRequest"/> for one capacity type of a node claim: the claim's
/// instance types in the claim's order (cheapest first), each with its buyable offerings of that
/// capacity type in the allowed zones (available, not remembered as out of stock, cheapest first);
/// the node class's network, image, disk, tags, user data and kubelet flags; the pool's taints and startup
/// taints; and the labels every candidate shares (the rest — instance type, zone — are known only
/// once the cloud picks one, and are put on the claim and the Node at registration).
/// </summary>
public static class LaunchRequestBuilder
{
    /// <returns>The request, or null when no candidate of <paramref name="capacityType"/> can be bought.</returns>
    public static LaunchRequest? Build(
        string nodeClaim,
        NodeClaimSpec spec,
        CapacityType capacityType,
        NodePool pool,
        EcsNodeClass nodeClass,
        NodeClassLaunchSettings settings,
        IReadOnlyList<InstanceType> catalog,
        NoStockMemory? noStock,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeClaim);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(nodeClass);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(catalog);

        var byName = catalog.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var candidates = new List<InstanceType>();
        string? architecture = null;
        foreach (var name in spec.InstanceTypes)
        {
            // One image per request: candidates of another architecture than the first are left out.
            if (!byName.TryGetValue(name, out var type) || !settings.ImageIdByArchitecture.ContainsKey(type.Architecture)
                || (architecture is not null && type.Architecture != architecture))
            {
                continue;
            }

            var offerings = type.Offerings
                .Where(o => o.CapacityType == capacityType && o.Available
                    && (spec.Zones.Count == 0 || spec.Zones.Contains(o.Zone))
                    && noStock?.IsUnavailable(type.Name, o.Zone, capacityType, now) != true)
                .OrderBy(o => o.PricePerHour)
                .ThenBy(o => o.Zone, StringComparer.Ordinal)
                .ToList();
            if (offerings.Count > 0)
            {
                architecture ??= type.Architecture;
                candidates.Add(type with { Offerings = offerings });
            }
        }

        if (architecture is null)
        {
            return null;
        }

        var labels = NodeLabels.Common(candidates.SelectMany(t => t.Offerings.Select(o => NodeLabels.For(pool, t, o.Zone, capacityType))));
        var disk = nodeClass.SystemDisk;
        return new LaunchRequest(
            nodeClaim,
            pool.Name,
            candidates,
            capacityType,
            spec.Zones,
            settings.VSwitches,
            settings.SecurityGroupIds,
            settings.ImageIdByArchitecture[architecture],
            new SystemDiskSpec(
                disk?.Categories.FirstOrDefault() ?? "cloud_auto",
                disk?.SizeGiB ?? (int)(NodePoolState.DefaultEphemeralStorageBytes >> 30),
                string.IsNullOrEmpty(disk?.PerformanceLevel) ? null : disk.PerformanceLevel),
            labels,
            [.. pool.Taints.Concat(pool.StartupTaints).Select(NodeLabels.Format)],
            nodeClass.Tags,
            nodeClass.UserData ?? "")
        {
            KubeletArgs = nodeClass.Kubelet is { } kubelet ? KubeletFlags.For(kubelet) : [],
        };
    }
}
