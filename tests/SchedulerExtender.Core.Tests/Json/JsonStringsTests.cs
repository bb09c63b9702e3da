using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Tests.Json;

public sealed class JsonStringsTests
{
    [Theory]
    [InlineData("\"spot\"", "spot")]
    [InlineData("\"\"", "")]
    [InlineData("42", null)]
    [InlineData("true", null)]
    [InlineData("{}", null)]
    [InlineData("[\"a\"]", null)]
    [InlineData("null", null)]
    public void Reads_only_strings(string json, string? expected) =>
        JsonStrings.AsString(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void Reads_strings_built_in_code() =>
        JsonStrings.AsString(JsonValue.Create("x")).Should().Be("x");
}
