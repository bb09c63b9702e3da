using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchedulerExtender.Host.Disruption;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>Registers the provisioner (options validated on start, metrics, the leader-elected hosted service).</summary>
public static class ProvisionerServiceCollectionExtensions
{
    public static IServiceCollection AddProvisioner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProvisionerOptions>().Bind(configuration.GetSection(ProvisionerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProvisionerOptions>, ProvisionerOptionsValidator>();
        services.AddSingleton<ProvisionerMetrics>();
        services.AddSingleton<ProvisionerService>();
        services.AddDisruption(configuration);
        services.AddHostedService(sp => sp.GetRequiredService<ProvisionerService>());
        return services;
    }
}
