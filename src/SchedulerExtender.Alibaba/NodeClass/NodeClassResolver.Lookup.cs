using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Alibaba.Vpc;

namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>The cloud lookups behind <see cref="NodeClassResolver"/>.</summary>
public sealed partial class NodeClassResolver
{
    private const string Available = "Available";

    private async Task<ResolvedNodeClass> ResolveUncachedAsync(NodeClassSelectors selectors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var vSwitches = await ResolveVSwitchesAsync(selectors.VSwitchTerms, cancellationToken).ConfigureAwait(false);
        var groups = await ResolveSecurityGroupsAsync(selectors.SecurityGroupTerms, cancellationToken).ConfigureAwait(false);
        var images = await ResolveImagesAsync(selectors.ImageTerms, cancellationToken).ConfigureAwait(false);
        return new ResolvedNodeClass(vSwitches, groups, images, now);
    }

    /// <summary>Every matching Available vSwitch, then per zone the one with the most free IPs (ties: lowest ID).</summary>
    private async Task<IReadOnlyList<ResolvedVSwitch>> ResolveVSwitchesAsync(IReadOnlyList<SelectorTerm> terms, CancellationToken cancellationToken)
    {
        var matched = new Dictionary<string, VpcVSwitch>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var found = term.Id is { Length: > 0 } id
                ? await _vpc.DescribeVSwitchesAsync(null, null, null, id, cancellationToken).ConfigureAwait(false)
                : await _vpc.DescribeVSwitchesAsync(ApiTags(term.Tags!), null, null, null, cancellationToken).ConfigureAwait(false);
            foreach (var v in found.Where(v => v.Status == Available))
            {
                matched[v.VSwitchId] = v;
            }
        }

        var chosen = matched.Values
            .Where(v => v.AvailableIpAddressCount > 0)
            .GroupBy(v => v.ZoneId, StringComparer.Ordinal)
            .Select(zone => zone.OrderByDescending(v => v.AvailableIpAddressCount).ThenBy(v => v.VSwitchId, StringComparer.Ordinal).First())
            .OrderBy(v => v.ZoneId, StringComparer.Ordinal)
            .Select(v => new ResolvedVSwitch(v.VSwitchId, v.ZoneId, v.VpcId, v.AvailableIpAddressCount))
            .ToList();
        if (chosen.Count == 0)
        {
            var why = matched.Count == 0 ? "matches" : $"with free IP addresses matches ({matched.Count} match but are full)";
            throw new NodeClassResolutionException(NodeClassResolutionFailure.NoVSwitch, $"no vSwitch {why} {Describe(terms)} in {_vpc.RegionId}");
        }

        return chosen;
    }

    /// <summary>Matching security groups in term order (IDs in the order given, tag matches by ID), without repeats.</summary>
    private async Task<IReadOnlyList<string>> ResolveSecurityGroupsAsync(IReadOnlyList<SelectorTerm> terms, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var term in terms)
        {
            if (term.Id is { Length: > 0 } id)
            {
                var found = await _ecs.DescribeSecurityGroupsAsync([id], null, null, cancellationToken).ConfigureAwait(false);
                ids.AddRange(found.Where(g => g.SecurityGroupId == id).Select(g => g.SecurityGroupId));
            }
            else
            {
                var found = await _ecs.DescribeSecurityGroupsAsync(null, ApiTags(term.Tags!), null, cancellationToken).ConfigureAwait(false);
                ids.AddRange(found.Select(g => g.SecurityGroupId).Order(StringComparer.Ordinal));
            }
        }

        return ids.Count > 0
            ? [.. ids.Distinct(StringComparer.Ordinal)]
            : throw new NodeClassResolutionException(NodeClassResolutionFailure.NoSecurityGroup, $"no security group matches {Describe(terms)} in {_ecs.RegionId}");
    }

    /// <summary>Per Kubernetes architecture, the newest Available image any term matches (ties: lowest ID).</summary>
    private async Task<IReadOnlyDictionary<string, string>> ResolveImagesAsync(IReadOnlyList<ImageSelectorTerm> terms, CancellationToken cancellationToken)
    {
        var candidates = new List<EcsImage>();
        foreach (var term in terms)
        {
            if (term.Id is { Length: > 0 } id)
            {
                candidates.AddRange((await _ecs.DescribeImagesAsync(id, null, null, null, cancellationToken).ConfigureAwait(false)).Where(i => i.ImageId == id));
                continue;
            }

            foreach (var architecture in _options.Architectures.Select(ImageAliases.ToEcsArchitecture))
            {
                if (ImageAliases.FamilyFor(term.Alias!, architecture) is { } family)
                {
                    candidates.AddRange(await _ecs.DescribeImagesAsync(null, "system", family, null, architecture, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        var wanted = _options.Architectures.ToHashSet(StringComparer.Ordinal);
        var newest = candidates
            .Where(i => i.Status == Available && wanted.Contains(ImageAliases.ToKubernetesArchitecture(i.Architecture)))
            .GroupBy(i => ImageAliases.ToKubernetesArchitecture(i.Architecture), StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(i => i.CreationTime).ThenBy(i => i.ImageId, StringComparer.Ordinal).First().ImageId,
                StringComparer.Ordinal);
        return newest.Count > 0
            ? newest
            : throw new NodeClassResolutionException(NodeClassResolutionFailure.NoImage,
                $"no image matches {string.Join(" or ", terms.Select(t => t.Describe()))} for {string.Join("/", _options.Architectures)} in {_ecs.RegionId}");
    }

    /// <summary>Karpenter's <c>*</c> (any value) is an empty Tag.N.Value for the API.</summary>
    private static Dictionary<string, string> ApiTags(IReadOnlyDictionary<string, string> tags) =>
        tags.ToDictionary(t => t.Key, t => t.Value == "*" ? "" : t.Value, StringComparer.Ordinal);

    private static string Describe(IReadOnlyList<SelectorTerm> terms) => string.Join(" or ", terms.Select(t => t.Describe()));
}
