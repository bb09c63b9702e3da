using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Webhook;
using SchedulerExtender.Kubernetes.Caching;

namespace SchedulerExtender.Host.Extender;

/// <summary>Registers the extender: options (section <c>Extender</c>, validated at start-up), handler, explain log, metrics.</summary>
public static class ExtenderServiceCollectionExtensions
{
    public static IServiceCollection AddExtender(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExtenderOptions>()
            .Bind(configuration.GetSection(ExtenderOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExtenderOptions>, ExtenderOptionsValidator>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ExtenderOptions>>().Value);

        // The same placement settings as the webhook (section Webhook), so filter and webhook agree.
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.ToPlacementOptions());
        services.TryAddSingleton<INamespaceAnnotations, NoNamespaceAnnotations>();

        // Stand-ins until real sources are registered: the built-in catalogue's prices, the
        // Kubernetes node cache when there is one, and no usage (fit against allocatable).
        services.TryAddSingleton<IPriceSource>(BuiltInCatalog.Catalog);
        services.TryAddSingleton<INodeSource>(sp => sp.GetService<NodeCache>() is { } cache
            ? new NodeCacheSource(cache, ExtenderHandler.SpotRuleOf(sp.GetRequiredService<PlacementOptions>()))
            : new NoNodeCache());
        services.TryAddSingleton<INodeUsage, NoNodeCache>();
        // The Kubernetes caches register the pod cache's driver index, which wins over this.
        services.TryAddSingleton<ISparkDriverLookup>(NoSparkDrivers.Instance);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton<ExtenderMetrics>();
        services.TryAddSingleton(sp => new ExplainLog(sp.GetRequiredService<ExtenderOptions>().ExplainCapacity));
        services.TryAddSingleton<ExtenderHandler>();
        return services;
    }

    private sealed class ExtenderOptionsValidator : IValidateOptions<ExtenderOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExtenderOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
