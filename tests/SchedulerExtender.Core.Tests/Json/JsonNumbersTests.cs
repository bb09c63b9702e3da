using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Tests.Json;

public sealed class JsonNumbersTests
{
    [Theory]
    [InlineData("30", 30L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    [InlineData("3.0", 3L)]
    [InlineData("3.5", null)]
    [InlineData("\"30\"", null)]
    [InlineData("null", null)]
    public void Reads_integers_parsed_from_text(string json, long? expected) =>
        JsonNumbers.AsInt64(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void Reads_integers_built_in_code()
    {
        JsonNumbers.AsInt64(JsonValue.Create(600)).Should().Be(600);
        JsonNumbers.AsInt64(JsonValue.Create(600L)).Should().Be(600);
        JsonNumbers.AsInt64(JsonValue.Create("600")).Should().BeNull();
    }
}
