using SchedulerExtender.Host.Provisioning;

namespace SchedulerExtender.Host.Tests.Provisioning;

public sealed class ProvisionerOptionsValidatorTests
{
    private static readonly ProvisionerOptions Valid = new() { Enabled = true, Region = "cn-shenzhen", ClusterId = "demo-cluster" };

    public static TheoryData<ProvisionerOptions, string?> Cases => new()
    {
        { Valid, null },
        { new ProvisionerOptions(), null }, // disabled: nothing cloud-side is required
        { Valid with { Region = "" }, "Provisioner:Region" },
        { Valid with { ClusterId = " " }, "Provisioner:ClusterId" },
        { Valid with { BatchIdle = TimeSpan.Zero }, "Provisioner:BatchIdle" },
        { Valid with { BatchMax = TimeSpan.FromMilliseconds(500) }, "Provisioner:BatchMax" },
        { Valid with { RegistrationTimeout = TimeSpan.FromSeconds(-1) }, "Provisioner:RegistrationTimeout" },
        { Valid with { NoStockTtl = TimeSpan.Zero }, "Provisioner:NoStockTtl" },
        { Valid with { RenewDeadline = TimeSpan.FromSeconds(20) }, "RenewDeadline" },
        { Valid with { SpotDuration = 3 }, "Provisioner:SpotDuration" },
        { Valid with { LeaseName = "" }, "Provisioner:LeaseName" },
        { Valid with { InstanceListMaxAge = TimeSpan.Zero }, null }, // lists every pass
        { Valid with { InstanceListMaxAge = TimeSpan.FromSeconds(-1) }, "Provisioner:InstanceListMaxAge" },
        { Valid with { MaxParallelLaunches = 0 }, "Provisioner:MaxParallelLaunches" },
        { new ProvisionerOptions { MaxParallelLaunches = -1 }, "Provisioner:MaxParallelLaunches" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_the_bad_key(ProvisionerOptions options, string? error)
    {
        var result = new ProvisionerOptionsValidator().Validate(null, options);

        if (error is null)
        {
            result.Succeeded.Should().BeTrue(result.FailureMessage);
        }
        else
        {
            result.Failed.Should().BeTrue();
            result.FailureMessage.Should().Contain(error);
        }
    }
}
