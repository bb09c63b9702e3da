using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Core.Tests.Placement;

/// <summary>
/// Every patch is applied to the original pod with an independent RFC 6902 implementation, the
/// result is checked, and the result is mutated again to prove idempotency.
/// </summary>
public sealed class SparkPodMutatorTests
{
    private const string Key = "karpenter.sh/capacity-type";
    private static readonly PlacementOptions Defaults = new();

    public static TheoryData<string> Scenarios => new(MutationScenarios.All.Keys);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Patch_applies_gives_the_expected_pod_and_is_idempotent(string name)
    {
        var scenario = MutationScenarios.All[name];
        var mutation = SparkPodMutator.Mutate(scenario.Pod, scenario.Decision, scenario.Options);

        var patched = Apply(scenario.Pod, mutation);
        scenario.Check(patched, mutation);

        // Spark's own fields are never touched.
        JsonNode.DeepEquals(patched["metadata"]!["labels"], scenario.Pod["metadata"]!["labels"]).Should().BeTrue();
        JsonNode.DeepEquals(patched["spec"]!["containers"], scenario.Pod["spec"]!["containers"]).Should().BeTrue();

        var again = SparkPodMutator.Mutate(patched, scenario.Decision, scenario.Options);
        again.Patch.Should().BeEmpty("a pod that already carries the mutation must get no patch");
        again.Summary.Should().Be(mutation.Summary);
    }

    [Fact]
    public void Non_spark_pod_gets_no_patch()
    {
        var mutation = SparkPodMutator.Mutate(Pods.Plain(), Decision(SparkRole.None), Defaults);

        mutation.Outcome.Should().Be(MutationOutcome.Ignored);
        mutation.Patch.Should().BeEmpty();
    }

    [Fact]
    public void Opted_out_pod_gets_no_patch()
    {
        var mutation = SparkPodMutator.Mutate(Pods.Driver(), Decision(SparkRole.Driver) with { OptedOut = true }, Defaults);

        mutation.Outcome.Should().Be(MutationOutcome.OptedOut);
        mutation.Patch.Should().BeEmpty();
    }

    [Fact]
    public void Pod_without_spec_is_left_alone_with_a_warning()
    {
        var pod = Pods.Driver();
        pod.Remove("spec");

        var mutation = SparkPodMutator.Mutate(pod, Decision(SparkRole.Driver), Defaults);

        mutation.Patch.Should().BeEmpty();
        mutation.Warnings.Should().ContainSingle().Which.Should().Contain("no spec");
    }

    [Fact]
    public void Annotation_path_escapes_the_slash()
    {
        var pod = Pods.Driver();
        pod["metadata"]!["annotations"] = new JsonObject { ["other"] = "x" };

        var mutation = SparkPodMutator.Mutate(pod, Decision(SparkRole.Driver), Defaults);

        mutation.Patch.Select(o => o.Path).Should().Contain("/metadata/annotations/schedext.io~1mutation");
        Apply(pod, mutation)["metadata"]!["annotations"]!["other"]!.GetValue<string>().Should().Be("x");
    }

    [Fact]
    public void Invalid_annotation_warnings_are_passed_through()
    {
        var decision = Decision(SparkRole.Executor) with { Warnings = ["pod annotation bad"] };

        SparkPodMutator.Mutate(Pods.Executor(), decision, Defaults).Warnings.Should().Contain("pod annotation bad");
    }

    internal static PlacementDecision Decision(SparkRole role, ExecutorPolicy policy = ExecutorPolicy.Spot) =>
        new(role, false, policy, "global", []);

    internal static JsonObject Apply(JsonObject pod, Mutation mutation) =>
        mutation.Patch.Count == 0 ? pod.DeepClone().AsObject() : JsonPatchApplier.Apply(pod, JsonPatchWriter.ToUtf8(mutation.Patch));

    internal static JsonArray RequiredTerms(JsonObject pod) =>
        pod["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]!.AsArray();

    internal static JsonArray PreferredTerms(JsonObject pod) =>
        pod["spec"]!["affinity"]!["nodeAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]!.AsArray();

    internal static JsonObject Expression(string op, params string[] values) =>
        new() { ["key"] = Key, ["operator"] = op, ["values"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()) };
}
