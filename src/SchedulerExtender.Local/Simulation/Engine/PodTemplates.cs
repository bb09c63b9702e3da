using System.Globalization;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulation.Engine;

/// <summary>
/// Admits pods as the cluster would: builds the pod spark-submit creates (Spark's labels, one
/// container with the requests), runs the admission webhook's own decision on it when the
/// strategy has one (<see cref="PlacementPolicyResolver"/> + <see cref="SparkPodMutator"/>, patch
/// applied with <see cref="JsonPatch"/>), and reads the result with the provisioner's
/// <see cref="PendingPodReader"/>. Nothing of the decision is re-implemented here. Cached per
/// role and shape: every pod of a shape gets the same answer.
/// </summary>
internal sealed class PodTemplates(PlacementOptions? webhook)
{
    private readonly Dictionary<(SparkRole, long, long), PodTemplate> cache = [];
    private readonly Dictionary<string, int> termsIds = new(StringComparer.Ordinal);

    public PodTemplate For(SparkRole role, long milliCpu, long memoryMiB)
    {
        if (cache.TryGetValue((role, milliCpu, memoryMiB), out var cached))
        {
            return cached;
        }

        var pod = SparkPod(role, milliCpu, memoryMiB);
        if (webhook is not null)
        {
            var decision = PlacementPolicyResolver.Resolve(role, _ => null, _ => null, webhook.ExecutorPolicy);
            var mutation = SparkPodMutator.Mutate(pod, decision, webhook);
            var patch = (JsonArray)JsonNode.Parse(JsonPatchWriter.ToUtf8(mutation.Patch))!;
            pod = (JsonObject)JsonPatch.Apply(pod, patch)!;
        }

        if (!PendingPodReader.TryRead(pod, role, out var pending, out var error))
        {
            throw new InvalidOperationException($"simulated {role} pod cannot be read: {error}");
        }

        var termsKey = string.Join(" | ", pending!.RequirementTerms.Select(t => t.ToString()));
        if (!termsIds.TryGetValue(termsKey, out var termsId))
        {
            termsId = termsIds.Count;
            termsIds[termsKey] = termsId;
        }

        var template = new PodTemplate(role, pending.Requests, pending.RequirementTerms, pending.Tolerations, termsId);
        cache[(role, milliCpu, memoryMiB)] = template;
        return template;
    }

    private static JsonObject SparkPod(SparkRole role, long milliCpu, long memoryMiB)
    {
        var roleLabel = role == SparkRole.Driver ? SparkLabels.DriverRole : SparkLabels.ExecutorRole;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"template-{roleLabel}",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { [SparkLabels.Role] = roleLabel, [SparkLabels.AppSelector] = "spark-template" },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = role == SparkRole.Driver ? "spark-kubernetes-driver" : "spark-kubernetes-executor",
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject
                        {
                            ["cpu"] = string.Create(CultureInfo.InvariantCulture, $"{milliCpu}m"),
                            ["memory"] = string.Create(CultureInfo.InvariantCulture, $"{memoryMiB}Mi"),
                        },
                    },
                }),
            },
        };
    }
}
