using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Tests.Placement;

public sealed class PlacementPolicyResolverTests
{
    [Theory]
    [InlineData(null, null, ExecutorPolicy.Spot, ExecutorPolicy.Spot, "global")]
    [InlineData(null, null, ExecutorPolicy.PreferSpot, ExecutorPolicy.PreferSpot, "global")]
    [InlineData(null, "none", ExecutorPolicy.Spot, ExecutorPolicy.None, "namespace")]
    [InlineData("prefer-spot", "none", ExecutorPolicy.Spot, ExecutorPolicy.PreferSpot, "pod")]
    [InlineData(" Spot ", "none", ExecutorPolicy.None, ExecutorPolicy.Spot, "pod")]
    [InlineData("bogus", "prefer-spot", ExecutorPolicy.Spot, ExecutorPolicy.PreferSpot, "namespace")]
    [InlineData("bogus", "also-bogus", ExecutorPolicy.None, ExecutorPolicy.None, "global")]
    public void Most_specific_valid_policy_wins(string? podValue, string? namespaceValue, ExecutorPolicy global, ExecutorPolicy expected, string expectedSource)
    {
        var decision = Resolve(Annotations(podPolicy: podValue), Annotations(podPolicy: namespaceValue), global);

        decision.ExecutorPolicy.Should().Be(expected);
        decision.PolicySource.Should().Be(expectedSource);
    }

    [Fact]
    public void Invalid_values_are_reported_not_fatal()
    {
        var decision = Resolve(Annotations(podPolicy: "spotty"), Annotations(podPolicy: "maybe"), ExecutorPolicy.Spot);

        decision.Warnings.Should().HaveCount(2);
        decision.Warnings[0].Should().Contain("pod annotation schedext.io/executor-policy=\"spotty\"");
        decision.Warnings[1].Should().Contain("namespace annotation");
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("false", null, true)]
    [InlineData("FALSE", null, true)]
    [InlineData(null, "false", true)]
    [InlineData("true", "false", false)]
    [InlineData("no", null, false)]
    public void Opt_out_is_mutate_false_on_pod_or_namespace(string? podMutate, string? namespaceMutate, bool optedOut)
    {
        var decision = Resolve(Annotations(mutate: podMutate), Annotations(mutate: namespaceMutate), ExecutorPolicy.Spot);

        decision.OptedOut.Should().Be(optedOut);
    }

    private static PlacementDecision Resolve(Dictionary<string, string> pod, Dictionary<string, string> ns, ExecutorPolicy global) =>
        PlacementPolicyResolver.Resolve(SparkRole.Executor, k => pod.GetValueOrDefault(k), k => ns.GetValueOrDefault(k), global);

    private static Dictionary<string, string> Annotations(string? podPolicy = null, string? mutate = null)
    {
        var annotations = new Dictionary<string, string>();
        if (podPolicy is not null)
        {
            annotations[SchedextAnnotations.ExecutorPolicy] = podPolicy;
        }

        if (mutate is not null)
        {
            annotations[SchedextAnnotations.Mutate] = mutate;
        }

        return annotations;
    }
}
