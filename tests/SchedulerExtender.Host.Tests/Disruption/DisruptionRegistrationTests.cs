using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Host.Disruption;
using SchedulerExtender.Kubernetes.Caching;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>The <c>Disruption</c> section as the host binds it: the switch, and a bad key failing at start.</summary>
public sealed class DisruptionRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Metrics.NewCustomRegistry());
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddDisruption(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_controller_is_built_unless_disabled(string? enabled, bool built)
    {
        var settings = new Dictionary<string, string?> { ["Disruption:ExecutorDisruption"] = "Graceful" };
        if (enabled is not null)
        {
            settings["Disruption:Enabled"] = enabled;
        }

        await using var provider = Build(settings);
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        await using var pods = new ListWatchCache<V1Pod>(KubeListWatchSources.Pods(client));
        await using var nodes = new ListWatchCache<V1Node>(KubeListWatchSources.Nodes(client));
        await using var claims = new NodeClaimCache(client);

        var controller = provider.GetRequiredService<DisruptionControllerFactory>()
            .Create(client, pods, nodes, claims, new UnusedCloud(), _ => Task.FromResult(ProvisioningConfig.Empty), new NoStockMemory(TimeSpan.FromMinutes(3)));

        (controller is not null).Should().Be(built);
        provider.GetRequiredService<IOptions<DisruptionControllerOptions>>().Value.ExecutorDisruption.Should().Be(Core.Disruption.ExecutorDisruption.Graceful);
    }

    [Fact]
    public async Task A_bad_key_is_named_when_the_options_are_read()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["Disruption:OrphanGracePeriod"] = "00:00:00" });

        var read = () => provider.GetRequiredService<IOptions<DisruptionControllerOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Disruption:OrphanGracePeriod*");
    }

    [Fact]
    public async Task Repair_conditions_bind_from_an_indexed_list_as_in_a_JSON_array_or_environment_variables_and_reach_the_planner()
    {
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["Disruption:RepairConditions:0:Type"] = "KernelDeadlock",
            ["Disruption:RepairConditions:0:After"] = "00:10:00",
            ["Disruption:RepairConditions:1:Type"] = "ReadonlyFilesystem",
            ["Disruption:RepairConditions:1:Status"] = "True",
            ["Disruption:RepairConditions:1:After"] = "01:00:00",
        });

        var options = provider.GetRequiredService<IOptions<DisruptionControllerOptions>>().Value;

        DisruptionControllerFactory.SettingsFrom(options).Planner.RepairConditions.Should().Equal(
            new Core.Disruption.RepairCondition("KernelDeadlock", "True", TimeSpan.FromMinutes(10)),
            new Core.Disruption.RepairCondition("ReadonlyFilesystem", "True", TimeSpan.FromHours(1)));
    }

    /// <summary>The factory only stores the cloud; nothing here may call it.</summary>
    private sealed class UnusedCloud : ICloudProvider
    {
        public Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken) => throw new InvalidOperationException("not called");

        public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) => throw new InvalidOperationException("not called");

        public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken) => throw new InvalidOperationException("not called");

        public Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("not called");

        public Task<IReadOnlyList<Core.Catalog.InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("not called");
    }
}
