using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Placement;

/// <summary>
/// Decides how a Spark pod is changed at admission: drivers away from spot, executors per policy,
/// plus the optional toleration, scheduler name and grace period. Pure: the pod is read, never
/// written; the result is an RFC 6902 patch against it. Idempotent by construction: every change
/// is derived from the pod's current state, so a pod that already has it yields an empty patch.
/// </summary>
public static class SparkPodMutator
{
    private const string DefaultScheduler = "default-scheduler";

    public static Mutation Mutate(JsonObject pod, PlacementDecision decision, PlacementOptions options)
    {
        if (decision.Role == SparkRole.None)
        {
            return Mutation.Unchanged(SparkRole.None, MutationOutcome.Ignored, "not a Spark pod");
        }

        if (decision.OptedOut)
        {
            return Mutation.Unchanged(decision.Role, MutationOutcome.OptedOut, $"{SchedextAnnotations.Mutate}=false", decision.Warnings);
        }

        if (pod["spec"] is not JsonObject spec)
        {
            return Mutation.Unchanged(decision.Role, MutationOutcome.Unchanged, "pod has no spec", [.. decision.Warnings, "pod has no spec; left unchanged"]);
        }

        var patch = new List<JsonPatchOperation>();
        var warnings = new List<string>(decision.Warnings);
        var isExecutor = decision.Role == SparkRole.Executor;
        var mayRunOnSpot = isExecutor && decision.ExecutorPolicy != ExecutorPolicy.None;

        var affinity = MergeAffinity(spec, decision, options, patch);
        if (affinity is AffinityOutcome.LeftAsWritten)
        {
            warnings.Add($"pod already constrains {options.CapacityTypeLabel}; left as written");
        }
        else if (affinity is AffinityOutcome.Malformed)
        {
            warnings.Add("pod's node affinity is not a valid core/v1 shape; left as written");
        }

        if (mayRunOnSpot && options.SpotToleration is { } toleration)
        {
            AddToleration(spec, toleration, patch);
        }

        if (options.SchedulerName is { } schedulerName)
        {
            SetSchedulerName(spec, schedulerName, patch, warnings);
        }

        if (isExecutor && options.ExecutorTerminationGracePeriodSeconds is { } grace)
        {
            RaiseGracePeriod(spec, grace, patch);
        }

        var summary = Summarize(decision, affinity);
        AddSummaryAnnotation(pod, summary, patch);
        var outcome = patch.Count == 0 ? MutationOutcome.Unchanged : MutationOutcome.Mutated;
        return new Mutation(decision.Role, outcome, patch, warnings, summary);
    }

    private static AffinityOutcome MergeAffinity(JsonObject spec, PlacementDecision decision, PlacementOptions options, List<JsonPatchOperation> patch)
    {
        var key = options.CapacityTypeLabel;
        if (decision.Role == SparkRole.Driver)
        {
            return NodeAffinityMerge.Require(spec, NodeSelectorExpressions.Create(key, "NotIn", options.SpotValues), key, patch);
        }

        var spot = NodeSelectorExpressions.Create(key, "In", options.SpotValues);
        return decision.ExecutorPolicy switch
        {
            ExecutorPolicy.Spot => NodeAffinityMerge.Require(spec, spot, key, patch),
            ExecutorPolicy.PreferSpot => NodeAffinityMerge.Prefer(spec, spot, key, patch),
            _ => AffinityOutcome.NotRequested,
        };
    }

    private static void AddToleration(JsonObject spec, Toleration toleration, List<JsonPatchOperation> patch)
    {
        var wanted = new JsonObject { ["key"] = toleration.Key, ["operator"] = toleration.Operator };
        if (toleration.Value is not null)
        {
            wanted["value"] = toleration.Value;
        }

        if (toleration.Effect is not null)
        {
            wanted["effect"] = toleration.Effect;
        }

        switch (spec["tolerations"])
        {
            case JsonArray existing when existing.Any(t => JsonNode.DeepEquals(t, wanted)):
                return;
            case JsonArray:
                patch.Add(JsonPatchOperation.Add("/spec/tolerations/-", wanted));
                return;
            default:
                patch.Add(JsonPatchOperation.Add("/spec/tolerations", new JsonArray(wanted)));
                return;
        }
    }

    // Only the default scheduler is replaced: a pod sent to another scheduler (Volcano, YuniKorn)
    // was sent there on purpose.
    private static void SetSchedulerName(JsonObject spec, string schedulerName, List<JsonPatchOperation> patch, List<string> warnings)
    {
        var current = JsonStrings.AsString(spec["schedulerName"]);
        if (current == schedulerName)
        {
            return;
        }

        if (string.IsNullOrEmpty(current) || current == DefaultScheduler)
        {
            patch.Add(JsonPatchOperation.Add("/spec/schedulerName", schedulerName));
        }
        else
        {
            warnings.Add($"pod asks for scheduler {current}; left as written");
        }
    }

    // Raised, never lowered: a longer grace period the user chose is kept.
    private static void RaiseGracePeriod(JsonObject spec, int seconds, List<JsonPatchOperation> patch)
    {
        var current = JsonNumbers.AsInt64(spec["terminationGracePeriodSeconds"]);
        if (current is null || current < seconds)
        {
            patch.Add(JsonPatchOperation.Add("/spec/terminationGracePeriodSeconds", seconds));
        }
    }

    private static void AddSummaryAnnotation(JsonObject pod, string summary, List<JsonPatchOperation> patch)
    {
        var metadata = pod["metadata"] as JsonObject;
        var annotations = metadata?["annotations"] as JsonObject;
        if (JsonStrings.AsString(annotations?[SchedextAnnotations.Mutation]) == summary)
        {
            return;
        }

        if (metadata is null)
        {
            patch.Add(JsonPatchOperation.Add("/metadata", new JsonObject { ["annotations"] = new JsonObject { [SchedextAnnotations.Mutation] = summary } }));
        }
        else if (annotations is null)
        {
            patch.Add(JsonPatchOperation.Add("/metadata/annotations", new JsonObject { [SchedextAnnotations.Mutation] = summary }));
        }
        else
        {
            patch.Add(JsonPatchOperation.Add(JsonPointer.Append("/metadata/annotations", SchedextAnnotations.Mutation), summary));
        }
    }

    private static string Summarize(PlacementDecision decision, AffinityOutcome affinity)
    {
        var role = decision.Role == SparkRole.Driver ? "driver" : "executor";
        var policy = decision.Role == SparkRole.Driver
            ? "on-demand"
            : string.Create(CultureInfo.InvariantCulture, $"{decision.ExecutorPolicy.ToText()}({decision.PolicySource})");
        var placement = affinity switch
        {
            AffinityOutcome.Added or AffinityOutcome.AlreadyPresent =>
                decision.Role == SparkRole.Executor && decision.ExecutorPolicy == ExecutorPolicy.PreferSpot ? "preferred" : "required",
            AffinityOutcome.LeftAsWritten => "left-as-written",
            AffinityOutcome.Malformed => "malformed",
            _ => "none",
        };
        return $"role={role} policy={policy} affinity={placement}";
    }
}
