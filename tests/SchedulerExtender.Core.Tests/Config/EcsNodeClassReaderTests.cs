using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using static SchedulerExtender.Core.Tests.Config.ConfigDocuments;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class EcsNodeClassReaderTests
{
    [Fact]
    public void Reads_the_articles_node_class()
    {
        var result = EcsNodeClassReader.Read(Parse(NodeClassJson));

        result.Errors.Should().BeEmpty();
        var c = result.Value!;
        c.Name.Should().Be("defaultnodeclass");
        c.VSwitchSelectorTerms.Should().ContainSingle().Which.Tags.Should().Equal(new Dictionary<string, string> { ["karpenter.sh/discovery"] = "demo-cluster" });
        c.SecurityGroupSelectorTerms.Should().ContainSingle().Which.Id.Should().BeNull();
        c.ImageSelectorTerms.Should().Equal(new ImageSelectorTerm("ContainerOS", null));
        c.SystemDisk.Should().BeEquivalentTo(new SystemDisk(["cloud_auto"], "PL0", 20));
    }

    [Fact]
    public void User_data_never_appears_in_text()
    {
        var doc = With(NodeClassJson, "spec.userData", "token=s3cr3t");
        var c = EcsNodeClassReader.Read(doc).Value!;

        c.UserData.Should().Be("token=s3cr3t");
        c.ToString().Should().NotContain("s3cr3t").And.Contain("<redacted>");
    }

    public static TheoryData<string, JsonNode?, string> Invalid() => new()
    {
        { "spec.vSwitchSelectorTerms", new JsonArray(), "spec.vSwitchSelectorTerms: must have at least one term" },
        { "spec.vSwitchSelectorTerms", null, "spec.vSwitchSelectorTerms: required" },
        { "spec.vSwitchSelectorTerms[0]", JsonNode.Parse("""{"id":"vsw-1","tags":{"a":"b"}}"""), "spec.vSwitchSelectorTerms[0]: id cannot be combined" },
        { "spec.vSwitchSelectorTerms[0]", new JsonObject(), "spec.vSwitchSelectorTerms[0]: needs tags or id" },
        { "spec.securityGroupSelectorTerms[0]", JsonNode.Parse("""{"name":"sg","tags":{"a":"b"}}"""), "spec.securityGroupSelectorTerms[0]: name cannot be combined" },
        { "spec.imageSelectorTerms[0]", JsonNode.Parse("""{"alias":"Ubuntu"}"""), "spec.imageSelectorTerms[0].alias: \"Ubuntu\" is not one of AlibabaCloudLinux3, ContainerOS" },
        { "spec.imageSelectorTerms[0]", JsonNode.Parse("""{"alias":"ContainerOS","id":"m-1"}"""), "spec.imageSelectorTerms[0]: needs exactly one of alias or id" },
        { "spec.systemDisk.categories", new JsonArray("cloud_fast"), "spec.systemDisk.categories[0]: \"cloud_fast\" is not one of" },
        { "spec.systemDisk.performanceLevel", "PL9", "spec.systemDisk.performanceLevel: \"PL9\" is not one of PL0, PL1, PL2, PL3" },
        { "spec.systemDisk.size", 10, "spec.systemDisk.size: 10 is out of range 20..2048" },
        { "spec.tags", JsonNode.Parse("""{"":"x"}"""), "spec.tags: empty keys are not allowed" },
        { "spec.subnets", new JsonArray(), "spec.subnets: unknown field" },
        { "kind", "EC2NodeClass", "kind: \"EC2NodeClass\" is not ECSNodeClass" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_fields_are_rejected_with_their_path(string field, JsonNode? value, string error)
    {
        var result = EcsNodeClassReader.Read(With(NodeClassJson, field, value));

        result.Value.Should().BeNull();
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal));
    }
}
