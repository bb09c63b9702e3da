using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Host.Cost;

/// <summary>
/// Cost metrics from the node cache. Prices come from the registered <see cref="IPriceSource"/>
/// (the provider's live prices), else from the built-in catalogue.
/// </summary>
public static class CostServiceCollectionExtensions
{
    public static IServiceCollection AddCostMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CostOptions>().Bind(configuration.GetSection(CostOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero, $"{CostOptions.Section}:Interval must be positive.").ValidateOnStart();
        services.TryAddSingleton<CostMetrics>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<CostExporter>(sp, sp.GetService<IPriceSource>() ?? BuiltInCatalog.Catalog));
        return services;
    }
}
