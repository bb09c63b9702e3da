using System.Text.Json.Nodes;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Testing;
using static SchedulerExtender.Core.Tests.Placement.SparkPodMutatorTests;

namespace SchedulerExtender.Core.Tests.Placement;

/// <summary>
/// Over thousands of random pod shapes, for every role and policy: the patch applies with an
/// independent RFC 6902 implementation (a patch that does not apply fails the pod's creation even
/// with failurePolicy Ignore), a second pass yields no patch, and a merged requirement holds in
/// every required term.
/// </summary>
public sealed class SparkPodMutatorPropertyTests
{
    private static readonly PlacementOptions Options = new()
    {
        SpotToleration = new Toleration("schedext.io/spot"),
        SchedulerName = "schedext-scheduler",
        ExecutorTerminationGracePeriodSeconds = 270,
    };

    [Theory]
    [InlineData(SparkRole.Driver, ExecutorPolicy.Spot)]
    [InlineData(SparkRole.Executor, ExecutorPolicy.Spot)]
    [InlineData(SparkRole.Executor, ExecutorPolicy.PreferSpot)]
    [InlineData(SparkRole.Executor, ExecutorPolicy.None)]
    public void Random_pods_get_patches_that_apply_and_are_idempotent(SparkRole role, ExecutorPolicy policy)
    {
        var shapes = new RandomPodShapes(seed: (int)role * 10 + (int)policy);
        var decision = Decision(role, policy);
        for (var i = 0; i < 2_000; i++)
        {
            var pod = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"p{i}", ["annotations"] = shapes.Annotations() },
                ["spec"] = shapes.Spec(),
            };
            var context = $"case {i}: {pod.ToJsonString()}";

            var mutation = SparkPodMutator.Mutate(pod, decision, Options);
            var patched = Apply(pod, mutation);
            var again = SparkPodMutator.Mutate(patched, decision, Options);

            again.Patch.Should().BeEmpty(context);
            if (mutation.Summary.EndsWith("affinity=required", StringComparison.Ordinal))
            {
                var op = role == SparkRole.Driver ? "NotIn" : "In";
                RequiredTerms(patched).Should().OnlyContain(
                    t => t!["matchExpressions"]!.AsArray().Any(e => JsonNode.DeepEquals(e, Expression(op, "spot"))), context);
            }
        }
    }
}
