using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SchedulerExtender.Host.Disruption;

/// <summary>Registers the disruption controller's options (validated on start), metrics and factory; the provisioner's service runs it on its leader.</summary>
public static class DisruptionServiceCollectionExtensions
{
    public static IServiceCollection AddDisruption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisruptionControllerOptions>().Bind(configuration.GetSection(DisruptionControllerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DisruptionControllerOptions>, DisruptionOptionsValidator>();
        services.AddSingleton<DisruptionMetrics>();
        services.AddSingleton<DisruptionControllerFactory>();
        return services;
    }
}
