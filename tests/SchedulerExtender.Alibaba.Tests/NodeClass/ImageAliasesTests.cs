using SchedulerExtender.Alibaba.NodeClass;

namespace SchedulerExtender.Alibaba.Tests.NodeClass;

public sealed class ImageAliasesTests
{
    [Theory]
    [InlineData("ContainerOS", "x86_64", "acs:lifsea_os_3_x64")]
    [InlineData("containeros", "x86_64", "acs:lifsea_os_3_x64")]
    [InlineData("ContainerOS", "arm64", null)]
    [InlineData("AlibabaCloudLinux3", "x86_64", "acs:alibaba_cloud_linux_3_2104_lts_x64")]
    [InlineData("AlibabaCloudLinux3", "arm64", "acs:alibaba_cloud_linux_3_2104_lts_arm64")]
    [InlineData("Ubuntu", "x86_64", null)]
    public void An_alias_maps_to_the_public_family_of_its_architecture(string alias, string architecture, string? family) =>
        ImageAliases.FamilyFor(alias, architecture).Should().Be(family);

    [Theory]
    [InlineData("amd64", "x86_64")]
    [InlineData("arm64", "arm64")]
    public void Architecture_names_convert_both_ways(string kubernetes, string ecs)
    {
        ImageAliases.ToEcsArchitecture(kubernetes).Should().Be(ecs);
        ImageAliases.ToKubernetesArchitecture(ecs).Should().Be(kubernetes);
    }
}
