using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Vpc;

namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>
/// Resolves an ECSNodeClass's selectors to concrete vSwitches (VPC DescribeVSwitches, by tag or
/// ID), security groups (ECS DescribeSecurityGroups, by tag or IDs) and images (ECS DescribeImages:
/// aliases through <see cref="ImageAliases"/>, or IDs). Results are cached per selectors for
/// <see cref="NodeClassResolverOptions.Ttl"/>. When the cloud fails (an <see cref="EcsApiException"/>
/// after the client's own retries) the last good result is served and the cloud is tried again
/// after <see cref="NodeClassResolverOptions.RetryAfterError"/>; with nothing cached the error
/// surfaces. Selectors that match nothing throw <see cref="NodeClassResolutionException"/>: that is
/// the cloud's true answer, so it is never masked by a cached result.
/// </summary>
public sealed partial class NodeClassResolver
{
    private readonly EcsClient _ecs;
    private readonly VpcClient _vpc;
    private readonly NodeClassResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    public NodeClassResolver(EcsClient ecs, VpcClient vpc, NodeClassResolverOptions? options = null, TimeProvider? time = null, ILogger<NodeClassResolver>? logger = null)
    {
        if (!string.Equals(ecs.RegionId, vpc.RegionId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The ECS client is for {ecs.RegionId} but the VPC client for {vpc.RegionId}.", nameof(vpc));
        }

        _ecs = ecs;
        _vpc = vpc;
        _options = options ?? new NodeClassResolverOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<NodeClassResolver>.Instance;
    }

    /// <summary>The resolution of <paramref name="selectors"/>: cached, fresh, or the last good one while the cloud fails.</summary>
    public async Task<ResolvedNodeClass> ResolveAsync(NodeClassSelectors selectors, CancellationToken cancellationToken)
    {
        Validate(selectors);
        var key = selectors.CacheKey;
        // One resolution at a time: concurrent launches for the same node class share one round of calls.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (_cache.TryGetValue(key, out var cached) && now < cached.ExpiresAt)
            {
                return cached.Value;
            }

            try
            {
                var fresh = await ResolveUncachedAsync(selectors, now, cancellationToken).ConfigureAwait(false);
                _cache[key] = new CacheEntry(fresh, now + _options.Ttl);
                return fresh;
            }
            catch (EcsApiException e) when (cached is not null)
            {
                LogServingLastGood(e.Action, e.Code, cached.Value.ResolvedAt);
                _cache[key] = cached with { ExpiresAt = now + _options.RetryAfterError };
                return cached.Value;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Validate(NodeClassSelectors selectors)
    {
        ValidateTerms("vSwitchSelectorTerms", selectors.VSwitchTerms);
        ValidateTerms("securityGroupSelectorTerms", selectors.SecurityGroupTerms);
        if (selectors.ImageTerms.Count == 0)
        {
            throw Invalid("imageSelectorTerms is empty.");
        }

        foreach (var term in selectors.ImageTerms)
        {
            if (string.IsNullOrEmpty(term.Alias) == string.IsNullOrEmpty(term.Id))
            {
                throw Invalid("an imageSelectorTerms entry must set exactly one of alias and id.");
            }

            if (term.Alias is { Length: > 0 } alias && ImageAliases.Canonical(alias) is null)
            {
                throw Invalid($"unknown image alias \"{alias}\" (known: {string.Join(", ", ImageAliases.Known)}).");
            }
        }
    }

    private static void ValidateTerms(string name, IReadOnlyList<SelectorTerm> terms)
    {
        if (terms.Count == 0)
        {
            throw Invalid($"{name} is empty.");
        }

        foreach (var term in terms)
        {
            var hasTags = term.Tags is { Count: > 0 };
            if (hasTags == term.Id is { Length: > 0 })
            {
                throw Invalid($"a {name} entry must set exactly one of tags and id.");
            }

            if (hasTags && term.Tags!.Keys.Any(string.IsNullOrWhiteSpace))
            {
                throw Invalid($"a {name} entry has an empty tag key.");
            }
        }
    }

    private static NodeClassResolutionException Invalid(string message) => new(NodeClassResolutionFailure.InvalidSelector, "Invalid node class: " + message);

    private sealed record CacheEntry(ResolvedNodeClass Value, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node class resolution failed ({Action}: {Code}); serving the result resolved at {ResolvedAt:o}")]
    private partial void LogServingLastGood(string action, string code, DateTimeOffset resolvedAt);
}
