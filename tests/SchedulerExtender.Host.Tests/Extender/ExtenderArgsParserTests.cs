using System.Text;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;
using SchedulerExtender.Host.Extender;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class ExtenderArgsParserTests
{
    private static readonly NodeFieldSelection ExtenderFields =
        new(NodeFieldsRead.LabelKeys(SpotNodeRule.Default), NodeFieldsRead.AnnotationKeys, NodeFieldsRead.ConditionTypes);

    [Fact]
    public void Full_mode_keeps_each_nodes_exact_bytes_and_decodes_its_fields()
    {
        var nodeA = Node("a", "spot", taints: DisruptedTaint, cpu: "3900m", memory: "14385496Ki");
        var nodeB = Node("b", "on-demand");
        var body = Encoding.UTF8.GetBytes(FullArgs(SparkPod("executor"), nodeA, nodeB));

        var args = ExtenderArgsParser.Parse(body);

        args.IsFullMode.Should().BeTrue();
        args.Nodes!.Select(n => Encoding.UTF8.GetString(body, n.Start, n.Length)).Should().Equal(nodeA, nodeB);
        var a = args.Nodes![0].Info;
        a.Name.Should().Be("a");
        a.Allocatable.Should().Be(new ResourceAmounts(3900, 14385496L * 1024));
        a.Taints.Should().Equal(new NodeTaint("karpenter.sh/disrupted", null, "NoSchedule"));
        a.Conditions.Select(c => (c.Type, c.Status)).Should().Equal(("MemoryPressure", "False"), ("Ready", "True"));
        a.Labels.Should().Contain("kubernetes.io/hostname", "a").And.Contain("karpenter.sh/capacity-type", "spot");
        a.Annotations.Should().ContainKey("node.alpha.kubernetes.io/ttl");
    }

    [Fact]
    public void A_selection_keeps_only_the_fields_the_extender_reads()
    {
        var node = Node("a", "spot", annotations: "\"schedext.io/spot-reclaim-at\":\"2026-11-24T02:00:00Z\",\"other\":\"x\"");
        var args = ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(FullArgs(SparkPod("executor"), node)), ExtenderFields);

        var info = args.Nodes!.Single().Info;
        info.Labels.Keys.Should().BeEquivalentTo("karpenter.sh/capacity-type", "node.kubernetes.io/instance-type", "topology.kubernetes.io/zone");
        info.Annotations.Should().Equal(new Dictionary<string, string> { ["schedext.io/spot-reclaim-at"] = "2026-11-24T02:00:00Z" });
        info.Conditions.Should().BeEmpty();
        info.Allocatable.Should().Be(new ResourceAmounts(4000, 16L << 30));
    }

    [Fact]
    public void Pod_metadata_and_effective_requests_are_decoded()
    {
        var pod = SparkPod("driver", annotations: "\"schedext.io/executor-policy\":\"spot\"", requests: "{\"cpu\":\"500m\",\"memory\":\"896Mi\"}");

        var args = ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(NamesArgs(pod, "n1", "n2")));

        args.IsFullMode.Should().BeFalse();
        args.NodeNames.Should().Equal("n1", "n2");
        args.Pod.Namespace.Should().Be("spark");
        args.Pod.Name.Should().Be("spark-pi-driver");
        args.Pod.Labels.Should().Contain("spark-role", "driver");
        args.Pod.Annotations.Should().Contain("schedext.io/executor-policy", "spot");
        args.Pod.Requests.Should().Be(new ResourceAmounts(500, 896L << 20));
    }

    [Fact]
    public void Escaped_keys_and_values_are_understood()
    {
        var body = """{"\u0050od":{"metadata":{"name":"p\u00e9","labels":{"spark\u002drole":"driver"}}},"NodeNames":["n\u0031"]}""";

        var args = ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(body));

        args.Pod.Name.Should().Be("pé");
        args.Pod.Labels.Should().Contain("spark-role", "driver");
        args.NodeNames.Should().Equal("n1");
    }

    [Fact]
    public void Node_names_are_kept_as_unescaped_utf8_and_read_back_as_strings()
    {
        var body = """{"Pod":{"metadata":{"name":"p"}},"NodeNames":["n\u0031","cn-hangzhou.i-bp1","é"]}""";

        using var args = ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(body));

        args.NodeNames.Should().Equal("n1", "cn-hangzhou.i-bp1", "é");
        args.NodeNames.Utf8(0).ToArray().Should().Equal("n1"u8.ToArray(), "the escape is undone");
        args.NodeNames.Utf8(2).ToArray().Should().Equal(Encoding.UTF8.GetBytes("é"));
    }

    [Fact]
    public void A_kept_label_given_twice_keeps_its_last_value()
    {
        var body = """{"Pod":{"metadata":{"name":"p"}},"Nodes":{"items":[{"metadata":{"name":"n","labels":{"karpenter.sh/capacity-type":"spot","a":"b","karpenter.sh/capacity-type":"on-demand"}}}]}}""";

        var info = ExtenderArgsParser.Parse(Encoding.UTF8.GetBytes(body), ExtenderFields).Nodes!.Single().Info;

        info.Labels.Should().Equal(new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "on-demand" });
    }
}
