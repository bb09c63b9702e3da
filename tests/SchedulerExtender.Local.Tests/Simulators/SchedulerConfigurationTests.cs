using SchedulerExtender.Local.Simulators.Scheduling;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class SchedulerConfigurationTests
{
    [Fact]
    public void Reads_the_shipped_scheduler_configuration()
    {
        var config = SchedulerConfiguration.Read(File.ReadAllText(Path.Combine(RepositoryRoot(), "manifests", "scheduler", "scheduler-config.yaml")));

        config.SchedulerNames.Should().Equal("schedext-scheduler");
        var extender = config.Extenders.Should().ContainSingle().Subject;
        extender.UrlPrefix.Should().Be("https://schedext.schedext-system.svc:443/extender");
        extender.FilterVerb.Should().Be("filter");
        extender.PrioritizeVerb.Should().Be("prioritize");
        extender.Weight.Should().Be(5);
        extender.NodeCacheCapable.Should().BeTrue();
        extender.Ignorable.Should().BeTrue();
        extender.HttpTimeout.Should().Be(TimeSpan.FromSeconds(5));
        extender.CaFile.Should().Be("/etc/schedext-scheduler/ca/ca.crt");
        extender.VerbUri("filter").Should().Be(new Uri("https://schedext.schedext-system.svc:443/extender/filter"));
    }

    [Fact]
    public void Applies_kube_scheduler_defaults()
    {
        var config = SchedulerConfiguration.Read("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            extenders:
              - urlPrefix: https://127.0.0.1:9443/extender/
                httpTimeout: 1m30s
            """);

        config.SchedulerNames.Should().Equal("default-scheduler");
        var extender = config.Extenders.Single();
        (extender.FilterVerb, extender.PrioritizeVerb, extender.Weight, extender.NodeCacheCapable, extender.Ignorable).Should().Be((null, null, 1L, false, false));
        extender.HttpTimeout.Should().Be(TimeSpan.FromSeconds(90));
        SchedulerConfiguration.Read("kind: KubeSchedulerConfiguration\nextenders: [{urlPrefix: u, tlsConfig: {caData: UEVN}}]").Extenders[0].CaBundle.Should().Be("PEM");
        extender.VerbUri("filter").AbsoluteUri.Should().Be("https://127.0.0.1:9443/extender/filter");
    }

    [Theory]
    [InlineData("kind: Pod", "*KubeSchedulerConfiguration*")]
    [InlineData("kind: KubeSchedulerConfiguration\nextenders: [{filterVerb: filter}]", "*extenders[0].urlPrefix*")]
    [InlineData("kind: KubeSchedulerConfiguration\nextenders: [{urlPrefix: u, weight: 0}]", "*extenders[0].weight*")]
    [InlineData("kind: KubeSchedulerConfiguration\nextenders: [{urlPrefix: u, httpTimeout: soon}]", "*httpTimeout*soon*")]
    [InlineData("kind: KubeSchedulerConfiguration\nextenders: [{urlPrefix: u, ignorable: maybe}]", "*ignorable*maybe*")]
    [InlineData("kind: [", "*not valid YAML*")]
    [InlineData("kind: KubeSchedulerConfiguration\nextenders: [{urlPrefix: u, tlsConfig: {caData: '%%%'}}]", "*extenders[0].tlsConfig.caData*")]
    public void Bad_configurations_are_named(string yaml, string message) =>
        FluentActions.Invoking(() => SchedulerConfiguration.Read(yaml)).Should().Throw<FormatException>().WithMessage(message);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SchedulerExtender.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
