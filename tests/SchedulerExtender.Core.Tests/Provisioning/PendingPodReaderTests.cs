using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class PendingPodReaderTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Reads_a_spark_executor()
    {
        PendingPodReader.TryRead(Pods.Executor(cpu: 1, memMiB: 896), SparkRole.Executor, out var pod, out var error).Should().BeTrue(error);

        pod!.Pod.Should().Be(new PodReference("default", "spark-pi-exec-1"));
        pod.Requests.MilliCpu.Should().Be(1000);
        pod.Requests.MemoryBytes.Should().Be(896 * MiB);
        pod.RequirementTerms.Should().BeEmpty();
        pod.Tolerations.Should().HaveCount(2).And.Contain(new PodToleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute"));
        pod.Role.Should().Be(SparkRole.Executor);
    }

    public static TheoryData<string, string, long, long, long> Requests() => new()
    {
        // case, spec JSON, cpu (m), memory (MiB), ephemeral storage (MiB)
        { "containers add up", """{"containers":[{"resources":{"requests":{"cpu":"500m","memory":"1Gi"}}},{"resources":{"requests":{"cpu":"250m","memory":"512Mi"}}}]}""", 750, 1536, 0 },
        { "a limit alone is the request", """{"containers":[{"resources":{"limits":{"cpu":"2","memory":"2Gi"}}}]}""", 2000, 2048, 0 },
        { "the largest init container wins when larger", """{"initContainers":[{"resources":{"requests":{"cpu":"3"}}}],"containers":[{"resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]}""", 3000, 1024, 0 },
        { "pod overhead is added", """{"overhead":{"cpu":"100m","memory":"64Mi"},"containers":[{"resources":{"requests":{"cpu":"1","ephemeral-storage":"2Gi"}}}]}""", 1100, 64, 2048 },
        { "a sidecar (restartPolicy Always) adds to the containers", """{"initContainers":[{"restartPolicy":"Always","resources":{"requests":{"cpu":"250m","memory":"128Mi"}}}],"containers":[{"resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]}""", 1250, 1152, 0 },
        { "an init container after a sidecar runs beside it", """{"initContainers":[{"restartPolicy":"Always","resources":{"requests":{"cpu":"500m"}}},{"resources":{"requests":{"cpu":"2"}}}],"containers":[{"resources":{"requests":{"cpu":"1"}}}]}""", 2500, 0, 0 },
        { "a number is a quantity", """{"containers":[{"resources":{"requests":{"cpu":2}}}]}""", 2000, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Effective_requests(string because, string spec, long cpu, long memMiB, long ephemeralMiB)
    {
        var json = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = JsonNode.Parse(spec) };

        PendingPodReader.TryRead(json, SparkRole.None, out var pod, out _).Should().BeTrue(because);

        pod!.Requests.Should().Be(new Core.Resources.ResourceAmounts(cpu, memMiB * MiB, ephemeralMiB * MiB, 1), because);
    }

    [Fact]
    public void Preferred_node_affinity_terms_are_read_heaviest_first()
    {
        var json = Pods.Executor();
        json["spec"]!["affinity"] = JsonNode.Parse("""
            {"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
              {"weight":10,"preference":{"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}]}},
              {"weight":100,"preference":{"matchExpressions":[{"key":"karpenter.sh/capacity-type","operator":"In","values":["spot"]}]}},
              {"weight":10,"preference":{"matchFields":[{"key":"metadata.name","operator":"In","values":["node-1"]}]}}
            ]}}
            """);

        PendingPodReader.TryRead(json, SparkRole.Executor, out var pod, out var error).Should().BeTrue(error);

        pod!.RequirementTerms.Should().BeEmpty("preferences are not required");
        pod.Preferences!.Select(p => p.ToString()).Should().Equal(
            "karpenter.sh/capacity-type In [spot]",
            "kubernetes.io/arch In [arm64]",
            "field:metadata.name In [node-1]");
    }

    [Fact]
    public void The_node_selector_is_part_of_every_affinity_term()
    {
        var json = Pods.Executor();
        json["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/arch"] = "amd64" };
        json["spec"]!["affinity"] = JsonNode.Parse("""
            {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"karpenter.sh/capacity-type","operator":"In","values":["spot"]}]},
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["node-1"]}]}
            ]}}}
            """);

        PendingPodReader.TryRead(json, SparkRole.Executor, out var pod, out _).Should().BeTrue();

        pod!.RequirementTerms.Select(t => t.ToString()).Should().Equal(
            "karpenter.sh/capacity-type In [spot]; kubernetes.io/arch In [amd64]",
            "field:metadata.name In [node-1]; kubernetes.io/arch In [amd64]");
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"containers":[{"resources":{"requests":{"cpu":"lots"}}}]}}""", "cpu \"lots\" is not a resource quantity")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"Like"}]}]}}}}}""", "operator \"Like\" is not valid")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"Gt","values":["x"]}]}]}}}}}""", "needs exactly one integer value")]
    [InlineData("""{"spec":{}}""", "no metadata.name")]
    public void Bad_pods_are_refused_with_a_reason(string json, string error)
    {
        PendingPodReader.TryRead(JsonNode.Parse(json)!.AsObject(), SparkRole.None, out var pod, out var message).Should().BeFalse();

        pod.Should().BeNull();
        message.Should().Contain(error);
    }
}
