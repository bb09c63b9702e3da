using System.Text.Json.Nodes;
using SchedulerExtender.Kubernetes.Config;

namespace SchedulerExtender.Kubernetes.Tests.Config;

/// <summary>What <see cref="YamlWriter"/> writes, <see cref="YamlJson"/> reads back to the same tree.</summary>
public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("true")]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("20")]
    [InlineData("0.5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("5%")]
    [InlineData("2025-01-01T00:00:00Z")]
    [InlineData("a: b # c")]
    [InlineData("- item")]
    [InlineData("#!/bin/bash\necho \"hi\"\n")]
    [InlineData("trailing space \nline")]
    public void A_string_reads_back_as_the_same_string(string text)
    {
        var yaml = YamlWriter.Write([new JsonObject { ["value"] = text }]);

        YamlJson.Parse(yaml).Should().ContainSingle().Which!["value"]!.GetValue<string>().Should().Be(text);
    }

    // YamlJson reads these as strings either way; kubectl's YAML 1.1 parser would not.
    [Theory]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("0x1F")]
    [InlineData("2025-01-01T00:00:00Z")]
    public void A_string_yaml_1_1_would_read_as_something_else_is_quoted(string text)
    {
        YamlWriter.Write([new JsonObject { ["value"] = text }]).Should().Contain($"value: \"{text}\"");
    }

    [Fact]
    public void Documents_round_trip_with_numbers_booleans_nulls_lists_and_maps()
    {
        var documents = new JsonNode?[]
        {
            JsonNode.Parse("""{"kind":"A","spec":{"size":40,"ratio":0.25,"on":true,"none":null,"list":[1,"2",{"k":"v"}],"empty":[],"map":{}}}"""),
            JsonNode.Parse("""{"kind":"B"}"""),
        };

        var parsed = YamlJson.Parse(YamlWriter.Write(documents));

        parsed.Should().HaveCount(2);
        JsonNode.DeepEquals(parsed[0], documents[0]).Should().BeTrue(YamlWriter.Write(documents));
        JsonNode.DeepEquals(parsed[1], documents[1]).Should().BeTrue();
    }
}
