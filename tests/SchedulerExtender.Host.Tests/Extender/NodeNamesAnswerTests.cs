using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Host.Serving;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>
/// nodeCacheCapable answers: plain names are copied without Utf8JsonWriter, and must come out byte
/// for byte as Utf8JsonWriter writes them; other names take the escaping path and must round-trip.
/// </summary>
public sealed class NodeNamesAnswerTests
{
    // As the request carries them: a quote, a backslash, a non-ASCII letter, a control character.
    private static readonly string[] EscapedInRequest = ["a\\\"b", "back\\\\slash", "caf\\u00e9", "ctl\\u0001"];
    private static readonly string[] Unescaped = ["a\"b", "back\\slash", "café", "ctl\u0001"];

    [Fact]
    public void Names_needing_escapes_round_trip_through_filter_and_prioritize()
    {
        // A non-Spark pod lets every name through and scores unknown names 0; one plain name as well.
        var request = NamesArgs(SparkPod(""), ["plain-1", .. EscapedInRequest]);
        string[] expected = ["plain-1", .. Unescaped];

        var filter = new ExtenderHarness().Filter(request);
        var prioritize = new ExtenderHarness().Prioritize(request);

        using var filtered = JsonDocument.Parse(filter.Body);
        filtered.RootElement.GetProperty("NodeNames").EnumerateArray().Select(n => n.GetString())
            .Should().Equal(expected);
        filtered.RootElement.GetProperty("FailedNodes").EnumerateObject().Should().BeEmpty();
        using var priorities = JsonDocument.Parse(prioritize.Body);
        priorities.RootElement.EnumerateArray().Select(p => p.GetProperty("Host").GetString())
            .Should().Equal(expected);
        priorities.RootElement.EnumerateArray().Select(p => p.GetProperty("Score").GetInt32())
            .Should().AllBeEquivalentTo(0);
    }

    [Fact]
    public void Plain_names_are_recognised_once_and_one_other_name_spoils_the_list()
    {
        using var plain = Parse("cn-hangzhou.i-bp1abc", "ip-10-0-1-2.ec2.internal", "Node_7");
        using var quoted = Parse("n1", "a\\\"b", "n2");
        using var accented = Parse("n1", "caf\\u00e9");
        using var escapedPlain = Parse("n\\u0031"); // escaped in the request, plain once unescaped
        using var empty = Parse();

        plain.NodeNames.AllPlain.Should().BeTrue();
        quoted.NodeNames.AllPlain.Should().BeFalse("a plain name after a quoted one does not make the list plain again");
        accented.NodeNames.AllPlain.Should().BeFalse();
        escapedPlain.NodeNames.AllPlain.Should().BeTrue();
        empty.NodeNames.AllPlain.Should().BeTrue();
        NodeNameList.Empty.AllPlain.Should().BeTrue();
    }

    [Fact]
    public void Plain_priorities_are_written_as_utf8_json_writer_writes_them()
    {
        // Enough names to make the output grow past its first buffer; scores 0, 10 and in between,
        // and the int extremes to prove the space reserved for digits.
        var names = Enumerable.Range(0, 400).Select(i => $"cn-hangzhou.i-bp{i:x}").ToArray();
        var scores = Enumerable.Range(0, names.Length).Select(i => i % 11).ToArray();
        scores[1] = int.MinValue;
        scores[2] = int.MaxValue;
        using var args = Parse(names);
        args.NodeNames.AllPlain.Should().BeTrue();

        var written = Write(output => ExtenderResponseWriter.PriorityList(output, args.NodeNames, scores));

        written.Should().Be(ReferencePriorityList(names, scores));
        written.Should().StartWith("""[{"Host":"cn-hangzhou.i-bp0","Score":0},{"Host":"cn-hangzhou.i-bp1","Score":-2147483648},""");
        written.Should().Contain("""{"Host":"cn-hangzhou.i-bpa","Score":10},""");
    }

    [Fact]
    public void Plain_filter_names_are_followed_by_the_failure_maps_as_before()
    {
        var names = Enumerable.Range(0, 300).Select(i => $"node-{i}").ToArray();
        var passing = Enumerable.Range(0, names.Length).Where(i => i % 3 != 0).ToArray();
        // Messages shared by many nodes (as the filter hands them out), alternating, and one of a kind.
        var (shared, other) = ("label \"a\"=b", "caf\u00e9 <&>");
        var rejections = Enumerable.Range(0, names.Length).Where(i => i % 3 == 0)
            .Select(i => new NodeRejection(names[i], i % 2 == 0 ? FilterFailure.UnknownNode : FilterFailure.DriverOnSpot,
                (i % 4) switch { 0 or 1 => shared, 2 => other, _ => $"reason \"{i}\"" }))
            .ToList();
        using var args = Parse(names);

        var rejectedAt = Enumerable.Range(0, names.Length).Where(i => i % 3 == 0).ToArray();
        var written = Write(output => ExtenderResponseWriter.FilterResult(output, args.NodeNames, passing, rejections, rejectedAt));
        var nonePassing = Write(output => ExtenderResponseWriter.FilterResult(output, args.NodeNames, [], rejections, rejectedAt));

        written.Should().Be(ReferenceFilterResult(names, passing, rejections));
        written.Should().StartWith("""{"Nodes":null,"NodeNames":["node-1","node-2","node-4",""");
        nonePassing.Should().Be(ReferenceFilterResult(names, [], rejections));
        nonePassing.Should().StartWith("""{"Nodes":null,"NodeNames":[],"FailedNodes":{"node-0":""");
    }

    private static ParsedExtenderArgs Parse(params string[] namesAsInRequest) =>
        ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(NamesArgs(SparkPod(""), namesAsInRequest)));

    private static string Write(Action<PooledBufferWriter> write)
    {
        using var output = new PooledBufferWriter(256);
        write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static readonly JsonWriterOptions ReferenceOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer as Utf8JsonWriter alone wrote it before plain names were copied.</summary>
    private static string ReferencePriorityList(string[] names, int[] scores)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReferenceOptions))
        {
            writer.WriteStartArray();
            for (var i = 0; i < names.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("Host", names[i]);
                writer.WriteNumber("Score", scores[i]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string ReferenceFilterResult(string[] names, int[] passing, List<NodeRejection> rejections)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ReferenceOptions))
        {
            writer.WriteStartObject();
            writer.WriteNull("Nodes");
            writer.WriteStartArray("NodeNames");
            foreach (var index in passing)
            {
                writer.WriteStringValue(names[index]);
            }

            writer.WriteEndArray();
            foreach (var unresolvable in new[] { false, true })
            {
                writer.WriteStartObject(unresolvable ? "FailedAndUnresolvableNodes" : "FailedNodes");
                foreach (var rejection in rejections.Where(r => (r.Failure != FilterFailure.UnknownNode) == unresolvable))
                {
                    writer.WriteString(rejection.Node, rejection.Message);
                }

                writer.WriteEndObject();
            }

            writer.WriteString("Error", "");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
