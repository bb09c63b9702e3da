using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.OpenApi;

namespace SchedulerExtender.Host.Cloud;

/// <summary>
/// Cloud-side services: <see cref="CloudApiMetrics"/> as the <see cref="ICloudApiObserver"/> to
/// pass to every Alibaba client, and the <see cref="INodeBootstrap"/> chosen by
/// <c>Alibaba:Bootstrap:Mode</c> (UserData, or Ack: DescribeClusterAttachScripts with our labels
/// and taints). The ACK client is built only in Ack mode, on first use, with the registered
/// <see cref="ICredentialSource"/> (else the default chain: environment, then the instance RAM role).
/// </summary>
public static class CloudServiceCollectionExtensions
{
    public static IServiceCollection AddCloudApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<CloudApiMetrics>();
        services.TryAddSingleton<ICloudApiObserver>(sp => sp.GetRequiredService<CloudApiMetrics>());
        services.AddOptions<AckBootstrapOptions>().Bind(configuration.GetSection(AckBootstrapOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AckBootstrapOptions>, AckBootstrapOptionsValidator>();
        services.TryAddSingleton<INodeBootstrap>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AckBootstrapOptions>>().Value;
            return options.Mode == NodeBootstrapMode.Ack ? new AckNodeBootstrap(CreateAttachScriptSource(sp, options), sp.GetRequiredService<ILoggerFactory>().CreateLogger<AckNodeBootstrap>()) : new PlainUserDataBootstrap();
        });
        return services;
    }

    private static AckAttachScriptSource CreateAttachScriptSource(IServiceProvider sp, AckBootstrapOptions options)
    {
        var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggers = sp.GetRequiredService<ILoggerFactory>();

        // Lives as long as the process (the bootstrap is a singleton); pooled connections are
        // recycled so a DNS change of the endpoint is picked up.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var credentials = sp.GetService<ICredentialSource>()
            ?? CredentialChain.CreateDefault(http, secretDirectory: null, time, loggers.CreateLogger<CredentialChain>());
        var client = new AckClient(http, credentials, new AckClientOptions { RegionId = options.RegionId!, Endpoint = options.Endpoint },
            time, loggers.CreateLogger<AckClient>(), sp.GetRequiredService<ICloudApiObserver>());
        return new AckAttachScriptSource(client, options, time, loggers.CreateLogger<AckAttachScriptSource>());
    }
}
