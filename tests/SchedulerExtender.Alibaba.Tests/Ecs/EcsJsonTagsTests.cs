using System.Text.Json;
using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Tests.Ecs;

public sealed class EcsJsonTagsTests
{
    [Theory]
    [InlineData("""{"Tags":{"Tag":[{"TagKey":"k","TagValue":"v"}]}}""")]
    [InlineData("""{"Tags":{"Tag":[{"Key":"k","Value":"v"}]}}""")]
    public void Tags_are_read_in_the_ECS_and_the_VPC_shape(string json)
    {
        using var document = JsonDocument.Parse(json);
        EcsJson.Tags(document.RootElement).Should().Equal(new Dictionary<string, string> { ["k"] = "v" });
    }
}
