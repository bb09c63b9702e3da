using System.Text;
using SchedulerExtender.Host.Extender;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class ExtenderBadInputTests
{
    private static readonly string Pod = SparkPod("driver");

    private static string WithPod(string rest) => "{\"Pod\":" + Pod + rest;

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "request body is empty" },
        { "   ", "not valid JSON" },
        { "{", "not valid JSON" },
        { "[]", "ExtenderArgs must be a JSON object" },
        { "null", "ExtenderArgs must be a JSON object" },
        { "{}", "ExtenderArgs.Pod is missing" },
        { """{"Pod":null,"NodeNames":["a"]}""", "ExtenderArgs.Pod is missing" },
        { """{"Pod":42}""", "Pod: the pod must be a JSON object" },
        { WithPod(""","Nodes":[]}"""), "ExtenderArgs.Nodes must be a JSON object" },
        { WithPod(""","Nodes":{"items":{}}}"""), "Nodes.items must be a JSON array" },
        { WithPod(""","Nodes":{"items":[{"metadata":{}}]}}"""), "Nodes.items[0]: node has no metadata.name" },
        { WithPod(""","Nodes":{"items":[{"metadata":{"name":"a"}},{"spec":{}}]}}"""), "Nodes.items[1]: node has no metadata.name" },
        { WithPod(""","Nodes":{"items":[{"metadata":{"name":"a"},"status":{"allocatable":{"cpu":"lots"}}}]}}"""), "Nodes.items[0]: status.allocatable.cpu 'lots' is not a Kubernetes quantity" },
        { WithPod(""","NodeNames":"a"}"""), "ExtenderArgs.NodeNames must be a JSON array" },
        { WithPod(""","NodeNames":[1]}"""), "NodeNames[] must be a string" },
        { WithPod(""","NodeNames":[null]}"""), "NodeNames[0] is null" },
        { WithPod(""","NodeNames":[]} trailing"""), "not valid JSON" },
        { """{"Pod":{"spec":{"containers":[{"resources":{"requests":{"memory":"2GB"}}}]}},"NodeNames":[]}""", "Pod: spec.containers[].resources.requests.memory '2GB' is not a Kubernetes quantity" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_bodies_get_400_with_a_clear_message(string body, string message)
    {
        var harness = new ExtenderHarness();

        foreach (var (reply, output) in new[] { harness.Filter(body), harness.Prioritize(body) })
        {
            reply.StatusCode.Should().Be(400);
            reply.Error.Should().Contain(message);
            output.Should().BeEmpty();
        }
    }

    [Fact]
    public void Every_truncation_and_byte_flip_of_a_real_request_is_answered_200_or_400_never_thrown()
    {
        var harness = new ExtenderHarness();
        var body = FullArgs(Pod, Node("spot-1", "spot", taints: DisruptedTaint), Node("od-1", "on-demand"));
        var random = new Random(20261124);
        var attempts = new List<byte[]>();
        for (var cut = 0; cut < body.Length; cut += 7)
        {
            attempts.Add(Encoding.UTF8.GetBytes(body[..cut]));
        }

        for (var i = 0; i < 300; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            ReadOnlySpan<byte> replacements = "{}[]\",:0a-\\ \xff\xc3"u8;
            bytes[random.Next(bytes.Length)] = replacements[random.Next(replacements.Length)];
            attempts.Add(bytes);
        }

        foreach (var attempt in attempts)
        {
            var text = Encoding.Latin1.GetString(attempt);
            harness.Filter(attempt).Reply.StatusCode.Should().BeOneOf([200, 400], text);
            harness.Prioritize(attempt).Reply.StatusCode.Should().BeOneOf([200, 400], text);
        }
    }

    public static TheoryData<string> WithAnInvalidUtf8Name => new()
    {
        FullArgs(Pod, Node("n\u00e9", "spot")),
        NamesArgs(Pod, "a\\u0022b", "n\u00e9"),
        "{\"Nodes\":null,\"NodeNames\":[\"a\\u0022b\",\"node-1\",\"n\u00e9\"]}", // no Pod: the bad byte is found first
    };

    [Theory]
    [MemberData(nameof(WithAnInvalidUtf8Name))]
    public void Invalid_utf8_in_a_string_is_a_bad_request(string args)
    {
        var body = Encoding.UTF8.GetBytes(args);
        var at = Array.IndexOf(body, (byte)0xc3);
        body[at + 1] = (byte)'x';
        var harness = new ExtenderHarness();

        foreach (var (reply, _) in new[] { harness.Filter(body), harness.Prioritize(body) })
        {
            reply.StatusCode.Should().Be(400);
            reply.Error.Should().Contain("not valid UTF-8");
        }
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("a\\udc00b")]
    [InlineData("\\ud83d\\u0041")]
    public void An_escaped_lone_surrogate_is_a_bad_request_not_a_crash(string escaped)
    {
        var harness = new ExtenderHarness();
        foreach (var body in new[] { NamesArgs(Pod, "node-" + escaped), FullArgs(Pod, Node("node-" + escaped, "spot")), NamesArgs(SparkPod("executor", annotations: $"\"schedext.io/executor-policy\":\"{escaped}\""), "n") })
        {
            foreach (var (reply, output) in new[] { harness.Filter(body), harness.Prioritize(body) })
            {
                reply.StatusCode.Should().Be(400, body);
                reply.Error.Should().Contain("unpaired UTF-16 surrogate");
                output.Should().BeEmpty();
            }
        }
    }

    [Fact]
    public async Task Bad_requests_are_counted_by_verb()
    {
        var harness = new ExtenderHarness();
        harness.Filter("{");
        harness.Prioritize("{");
        harness.Prioritize("{");

        var text = await harness.MetricsText();

        text.Should().Contain("schedext_extender_requests_total{verb=\"filter\",outcome=\"bad_request\"} 1");
        text.Should().Contain("schedext_extender_requests_total{verb=\"prioritize\",outcome=\"bad_request\"} 2");
    }

    [Fact]
    public void Options_validation_names_each_problem()
    {
        var options = new ExtenderOptions { PriceWeight = -1, FitWeight = double.NaN, ExplainCapacity = -3, MaxRequestBodyBytes = 10 };

        options.Validate().Should().BeEquivalentTo(
            "Extender: PriceWeight must be a finite number >= 0, got -1",
            "Extender: FitWeight must be a finite number >= 0, got NaN",
            "Extender: ExplainCapacity must be between 0 and 10000, got -3",
            "Extender: MaxRequestBodyBytes must be at least 1024, got 10");
        new ExtenderOptions { PriceWeight = 0, FitWeight = 0, RiskWeight = 0 }.Validate()
            .Should().ContainSingle().Which.Should().Contain("at least one");
        new ExtenderOptions().Validate().Should().BeEmpty();
    }
}
