using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Scoring;

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
        services.TryAddSingleton(SpotNodeRule.Default);
        services.TryAddSingleton<IPriceSource, NoPrices>();
        services.TryAddSingleton<NoNodeCache>();
        services.TryAddSingleton<INodeSource>(sp => sp.GetRequiredService<NoNodeCache>());
        services.TryAddSingleton<INodeUsage>(sp => sp.GetRequiredService<NoNodeCache>());
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
