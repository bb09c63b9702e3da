using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using static SchedulerExtender.Core.Tests.Config.ConfigDocuments;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class ProvisioningConfigReaderTests
{
    [Fact]
    public void Reads_a_pool_and_its_node_class()
    {
        var result = ProvisioningConfigReader.Read([Parse(NodePoolJson), null, Parse(NodeClassJson)]);

        result.Errors.Should().BeEmpty();
        var config = result.Value!;
        config.NodeClassFor(config.NodePools.Single())!.Name.Should().Be("defaultnodeclass");
    }

    public static TheoryData<string, JsonNode?[], string> Invalid() => new()
    {
        { "missing node class", [Parse(NodePoolJson)], "spec.template.spec.nodeClassRef.name: no ECSNodeClass named \"defaultnodeclass\"" },
        { "duplicate pool", [Parse(NodePoolJson), Parse(NodePoolJson), Parse(NodeClassJson)], "NodePool ecsnodepool metadata.name: is defined more than once" },
        { "unknown kind", [JsonNode.Parse("""{"kind":"Deployment","metadata":{"name":"x"}}""")], "document 1 (Deployment x) kind: expected NodePool or ECSNodeClass" },
        { "bad field, prefixed by its document", [Parse(NodeClassJson), With(NodePoolJson, "spec.weight", 0)], "document 2 (NodePool ecsnodepool) spec.weight: 0 is out of range 1..100" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_set_is_rejected_as_a_whole(string because, JsonNode?[] documents, string error)
    {
        var result = ProvisioningConfigReader.Read(documents);

        result.Value.Should().BeNull(because);
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.Contains(error, StringComparison.Ordinal), because);
    }
}
