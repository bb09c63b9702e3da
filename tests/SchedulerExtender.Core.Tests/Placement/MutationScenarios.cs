using System.Text.Json.Nodes;
using FluentAssertions;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Testing;
using static SchedulerExtender.Core.Tests.Placement.SparkPodMutatorTests;

namespace SchedulerExtender.Core.Tests.Placement;

/// <summary>The table of mutation cases: each name says what must hold.</summary>
internal static class MutationScenarios
{
    private static readonly PlacementOptions Defaults = new();

    public static IReadOnlyDictionary<string, MutationScenario> All { get; } = new Dictionary<string, MutationScenario>
    {
        ["driver without affinity gets required NotIn spot"] = new(
            Pods.Driver(), Decision(SparkRole.Driver), Defaults,
            (pod, m) =>
            {
                m.Outcome.Should().Be(MutationOutcome.Mutated);
                ShouldEqual(RequiredTerms(pod), new JsonArray(new JsonObject { ["matchExpressions"] = new JsonArray(Expression("NotIn", "spot")) }));
                pod["metadata"]!["annotations"]!["schedext.io/mutation"]!.GetValue<string>().Should().Be("role=driver policy=on-demand affinity=required");
            }),

        ["executor with policy spot gets required In spot"] = new(
            Pods.Executor(), Decision(SparkRole.Executor), Defaults,
            (pod, m) => ShouldEqual(RequiredTerms(pod)[0]!["matchExpressions"], new JsonArray(Expression("In", "spot")))),

        ["executor with policy prefer-spot gets a weight 100 preference"] = new(
            Pods.Executor(), Decision(SparkRole.Executor, ExecutorPolicy.PreferSpot), Defaults,
            (pod, m) =>
            {
                ShouldEqual(PreferredTerms(pod), new JsonArray(new JsonObject
                {
                    ["weight"] = 100,
                    ["preference"] = new JsonObject { ["matchExpressions"] = new JsonArray(Expression("In", "spot")) },
                }));
                pod["spec"]!["affinity"]!["nodeAffinity"]!.AsObject().ContainsKey("requiredDuringSchedulingIgnoredDuringExecution").Should().BeFalse();
                m.Summary.Should().Be("role=executor policy=prefer-spot(global) affinity=preferred");
            }),

        ["executor with policy none gets no affinity"] = new(
            Pods.Executor(), Decision(SparkRole.Executor, ExecutorPolicy.None), Defaults,
            (pod, m) =>
            {
                pod["spec"]!.AsObject().ContainsKey("affinity").Should().BeFalse();
                m.Summary.Should().Be("role=executor policy=none(global) affinity=none");
            }),

        ["existing terms are kept and each gets our expression ANDed in"] = new(
            WithRequired(Pods.Executor(),
                Term(new JsonObject { ["key"] = "topology.kubernetes.io/zone", ["operator"] = "In", ["values"] = new JsonArray("cn-shenzhen-f") }),
                new JsonObject { ["matchFields"] = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "NotIn", ["values"] = new JsonArray("bad-node") }) }),
            Decision(SparkRole.Executor), Defaults,
            (pod, _) =>
            {
                var terms = RequiredTerms(pod);
                terms.Should().HaveCount(2);
                ShouldEqual(terms[0]!["matchExpressions"], new JsonArray(
                    new JsonObject { ["key"] = "topology.kubernetes.io/zone", ["operator"] = "In", ["values"] = new JsonArray("cn-shenzhen-f") },
                    Expression("In", "spot")));
                ShouldEqual(terms[1]!["matchExpressions"], new JsonArray(Expression("In", "spot")));
                terms[1]!["matchFields"]!.AsArray().Should().HaveCount(1);
            }),

        ["an empty nodeSelectorTerms list gets one term"] = new(
            WithRequired(Pods.Driver()), Decision(SparkRole.Driver), Defaults,
            (pod, _) => ShouldEqual(RequiredTerms(pod), new JsonArray(new JsonObject { ["matchExpressions"] = new JsonArray(Expression("NotIn", "spot")) }))),

        ["existing pod affinity is kept when node affinity is added"] = new(
            With(Pods.Driver(), "affinity", new JsonObject { ["podAntiAffinity"] = new JsonObject { ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray() } }),
            Decision(SparkRole.Driver), Defaults,
            (pod, _) =>
            {
                pod["spec"]!["affinity"]!["podAntiAffinity"].Should().NotBeNull();
                RequiredTerms(pod).Should().HaveCount(1);
            }),

        ["existing preferred terms are kept and ours is appended"] = new(
            With(Pods.Executor(), "affinity", new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["preferredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                    {
                        ["weight"] = 10,
                        ["preference"] = Term(new JsonObject { ["key"] = "disktype", ["operator"] = "In", ["values"] = new JsonArray("ssd") }),
                    }),
                },
            }),
            Decision(SparkRole.Executor, ExecutorPolicy.PreferSpot), Defaults,
            (pod, _) =>
            {
                var preferred = PreferredTerms(pod);
                preferred.Should().HaveCount(2);
                preferred[0]!["weight"]!.GetValue<int>().Should().Be(10);
                preferred[1]!["weight"]!.GetValue<int>().Should().Be(100);
            }),

        ["a user constraint on the label in required affinity is left as written"] = new(
            WithRequired(Pods.Executor(), Term(Expression("In", "on-demand"))), Decision(SparkRole.Executor), Defaults,
            (pod, m) =>
            {
                ShouldEqual(RequiredTerms(pod), new JsonArray(Term(Expression("In", "on-demand"))));
                m.Warnings.Should().ContainSingle().Which.Should().Contain("already constrains karpenter.sh/capacity-type");
                m.Summary.Should().EndWith("affinity=left-as-written");
            }),

        ["a nodeSelector on the label is left as written"] = new(
            With(Pods.Driver(), "nodeSelector", new JsonObject { ["karpenter.sh/capacity-type"] = "spot" }), Decision(SparkRole.Driver), Defaults,
            (pod, m) =>
            {
                pod["spec"]!.AsObject().ContainsKey("affinity").Should().BeFalse();
                m.Warnings.Should().ContainSingle();
            }),

        ["a required user constraint also blocks the prefer-spot preference"] = new(
            WithRequired(Pods.Executor(), Term(Expression("NotIn", "spot"))), Decision(SparkRole.Executor, ExecutorPolicy.PreferSpot), Defaults,
            (pod, m) =>
            {
                pod["spec"]!["affinity"]!["nodeAffinity"]!.AsObject().ContainsKey("preferredDuringSchedulingIgnoredDuringExecution").Should().BeFalse();
                m.Warnings.Should().ContainSingle();
            }),

        ["malformed affinity is left as written with a warning"] = new(
            With(Pods.Driver(), "affinity", JsonValue.Create("nonsense")), Decision(SparkRole.Driver), Defaults,
            (pod, m) =>
            {
                pod["spec"]!["affinity"]!.GetValue<string>().Should().Be("nonsense");
                m.Warnings.Should().ContainSingle().Which.Should().Contain("not a valid core/v1 shape");
            }),

        ["a custom capacity label and several spot values are honoured"] = new(
            Pods.Driver(), Decision(SparkRole.Driver),
            Defaults with { CapacityTypeLabel = "node.example.com/lifecycle", SpotValues = ["spot", "preemptible"] },
            (pod, _) => ShouldEqual(RequiredTerms(pod)[0]!["matchExpressions"], new JsonArray(new JsonObject
            {
                ["key"] = "node.example.com/lifecycle",
                ["operator"] = "NotIn",
                ["values"] = new JsonArray("spot", "preemptible"),
            }))),

        ["spot executors get the configured toleration once"] = new(
            Pods.Executor(), Decision(SparkRole.Executor), Defaults with { SpotToleration = new Toleration("schedext.io/spot") },
            (pod, _) =>
            {
                var tolerations = pod["spec"]!["tolerations"]!.AsArray();
                tolerations.Should().HaveCount(3, "the two defaulted tolerations stay");
                ShouldEqual(tolerations[2], new JsonObject { ["key"] = "schedext.io/spot", ["operator"] = "Exists", ["effect"] = "NoSchedule" });
            }),

        ["a pod without tolerations gets a new list"] = new(
            Without(Pods.Executor(), "tolerations"), Decision(SparkRole.Executor), Defaults with { SpotToleration = new Toleration("spot", "Equal", "true") },
            (pod, _) => ShouldEqual(pod["spec"]!["tolerations"], new JsonArray(new JsonObject { ["key"] = "spot", ["operator"] = "Equal", ["value"] = "true", ["effect"] = "NoSchedule" }))),

        ["drivers never get the spot toleration"] = new(
            Pods.Driver(), Decision(SparkRole.Driver), Defaults with { SpotToleration = new Toleration("schedext.io/spot") },
            (pod, _) => pod["spec"]!["tolerations"]!.AsArray().Should().HaveCount(2)),

        ["the default scheduler is replaced by the configured one"] = new(
            Pods.Driver(), Decision(SparkRole.Driver), Defaults with { SchedulerName = "schedext-scheduler" },
            (pod, _) => pod["spec"]!["schedulerName"]!.GetValue<string>().Should().Be("schedext-scheduler")),

        ["another scheduler chosen by the user is kept with a warning"] = new(
            With(Pods.Executor(), "schedulerName", JsonValue.Create("volcano")), Decision(SparkRole.Executor), Defaults with { SchedulerName = "schedext-scheduler" },
            (pod, m) =>
            {
                pod["spec"]!["schedulerName"]!.GetValue<string>().Should().Be("volcano");
                m.Warnings.Should().ContainSingle().Which.Should().Contain("volcano");
            }),

        ["executor grace period is raised to the configured minimum"] = new(
            Pods.Executor(), Decision(SparkRole.Executor), Defaults with { ExecutorTerminationGracePeriodSeconds = 270 },
            (pod, _) => pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(270)),

        ["a longer user grace period is never lowered"] = new(
            With(Pods.Executor(), "terminationGracePeriodSeconds", JsonValue.Create(600)), Decision(SparkRole.Executor), Defaults with { ExecutorTerminationGracePeriodSeconds = 270 },
            (pod, _) => pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(600)),

        ["drivers keep their grace period"] = new(
            Pods.Driver(), Decision(SparkRole.Driver), Defaults with { ExecutorTerminationGracePeriodSeconds = 270 },
            (pod, _) => pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(30)),
    };

    private static JsonObject Term(JsonObject expression) => new() { ["matchExpressions"] = new JsonArray(expression) };

    private static JsonObject WithRequired(JsonObject pod, params JsonObject[] terms) =>
        With(pod, "affinity", new JsonObject
        {
            ["nodeAffinity"] = new JsonObject
            {
                ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject { ["nodeSelectorTerms"] = new JsonArray(terms.Cast<JsonNode?>().ToArray()) },
            },
        });

    private static JsonObject With(JsonObject pod, string field, JsonNode? value)
    {
        pod["spec"]![field] = value;
        return pod;
    }

    private static JsonObject Without(JsonObject pod, string field)
    {
        pod["spec"]!.AsObject().Remove(field);
        return pod;
    }

    private static void ShouldEqual(JsonNode? actual, JsonNode expected) =>
        JsonNode.DeepEquals(actual, expected).Should().BeTrue($"expected {expected.ToJsonString()} but got {actual?.ToJsonString() ?? "null"}");
}
