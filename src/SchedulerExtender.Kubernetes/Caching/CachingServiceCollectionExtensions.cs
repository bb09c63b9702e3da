using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>Registers the list+watch caches as singletons that start and stop with the host.</summary>
public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NodeCache"/>, <see cref="NamespaceAnnotationCache"/> (also as
    /// <see cref="INamespaceAnnotations"/>), <see cref="NodeUsageCache"/> (also as <see cref="INodeUsage"/>)
    /// and <see cref="SparkDriverIndex"/> over the same pods (also as <see cref="ISparkDriverLookup"/>).
    /// Needs an <see cref="IKubernetes"/> registration; a
    /// <see cref="ListWatchCacheOptions"/> registration is used when present.
    /// </summary>
    public static IServiceCollection AddKubernetesCaches(this IServiceCollection services)
    {
        services.AddSingleton(sp => new NodeCache(
            sp.GetRequiredService<IKubernetes>(),
            sp.GetService<ListWatchCacheOptions>(),
            sp.GetService<ILogger<NodeCache>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new NamespaceAnnotationCache(
            sp.GetRequiredService<IKubernetes>(),
            sp.GetService<ListWatchCacheOptions>(),
            sp.GetService<ILogger<NamespaceAnnotationCache>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new NodeUsageCache(
            sp.GetRequiredService<IKubernetes>(),
            sp.GetService<ListWatchCacheOptions>(),
            sp.GetService<ILogger<NodeUsageCache>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new SparkDriverIndex(sp.GetRequiredService<NodeUsageCache>().Pods));
        services.AddSingleton<ISparkDriverLookup>(sp => sp.GetRequiredService<SparkDriverIndex>());
        services.AddSingleton<INamespaceAnnotations>(sp => sp.GetRequiredService<NamespaceAnnotationCache>());
        services.AddSingleton<INodeUsage>(sp => sp.GetRequiredService<NodeUsageCache>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NodeCache>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NamespaceAnnotationCache>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NodeUsageCache>());
        return services;
    }
}
