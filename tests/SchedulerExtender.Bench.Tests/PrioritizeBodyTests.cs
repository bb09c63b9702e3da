using System.Text;
using System.Text.Json;
using SchedulerExtender.Bench.Extender;

namespace SchedulerExtender.Bench.Tests;

public sealed class PrioritizeBodyTests
{
    [Fact]
    public void The_per_pod_prioritize_asks_for_exactly_the_names_the_filter_passed_in_order()
    {
        const string answer = """{"Nodes":null,"NodeNames":["n-3","n-1","caf\u00e9"],"FailedNodes":{"n-2":"node is being disrupted"},"FailedAndUnresolvableNodes":{},"Error":""}""";

        var body = ExtenderBenchmark.PrioritizeBodyAfter(answer);

        using var request = JsonDocument.Parse(body);
        request.RootElement.GetProperty("NodeNames").EnumerateArray().Select(n => n.GetString()).Should().Equal("n-3", "n-1", "café");
        request.RootElement.GetProperty("Pod").GetProperty("metadata").GetProperty("labels").GetProperty("spark-role").GetString().Should().Be("executor");
        Encoding.UTF8.GetString(body).Should().Contain("\"Nodes\":null");
    }
}
