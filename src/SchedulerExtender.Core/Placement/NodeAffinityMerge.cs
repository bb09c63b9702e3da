using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Placement;

/// <summary>
/// Merges one capacity-type requirement into a pod spec's node affinity without clobbering it.
/// Required <c>nodeSelectorTerms</c> are ORed by Kubernetes, so the expression is ANDed into every
/// term; preferred terms are appended. Emits RFC 6902 operations against <c>/spec</c>.
/// </summary>
internal static class NodeAffinityMerge
{
    private const string Required = "requiredDuringSchedulingIgnoredDuringExecution";
    private const string Preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    private const string AffinityPath = "/spec/affinity";
    private const string NodeAffinityPath = AffinityPath + "/nodeAffinity";
    private const string RequiredPath = NodeAffinityPath + "/" + Required;
    private const string PreferredPath = NodeAffinityPath + "/" + Preferred;
    private const int PreferredWeight = 100;

    public static AffinityOutcome Require(JsonObject spec, JsonObject expression, string labelKey, List<JsonPatchOperation> patch)
    {
        if (NodeSelectorNames(spec, labelKey))
        {
            return AffinityOutcome.LeftAsWritten;
        }

        if (!TryNodeAffinity(spec, out var nodeAffinity))
        {
            return AffinityOutcome.Malformed;
        }

        JsonObject NewTerm() => new() { ["matchExpressions"] = new JsonArray(expression.DeepClone()) };
        JsonObject NewRequired() => new() { ["nodeSelectorTerms"] = new JsonArray(NewTerm()) };

        if (spec["affinity"] is null)
        {
            patch.Add(JsonPatchOperation.Add(AffinityPath, new JsonObject { ["nodeAffinity"] = new JsonObject { [Required] = NewRequired() } }));
            return AffinityOutcome.Added;
        }

        if (nodeAffinity is null)
        {
            patch.Add(JsonPatchOperation.Add(NodeAffinityPath, new JsonObject { [Required] = NewRequired() }));
            return AffinityOutcome.Added;
        }

        switch (nodeAffinity[Required])
        {
            case null:
                patch.Add(JsonPatchOperation.Add(RequiredPath, NewRequired()));
                return AffinityOutcome.Added;
            case not JsonObject:
                return AffinityOutcome.Malformed;
        }

        var termsPath = RequiredPath + "/nodeSelectorTerms";
        switch (nodeAffinity[Required]!["nodeSelectorTerms"])
        {
            case null:
            case JsonArray { Count: 0 }:
                patch.Add(JsonPatchOperation.Add(termsPath, new JsonArray(NewTerm())));
                return AffinityOutcome.Added;
            case JsonArray terms:
                return AndIntoEveryTerm(terms, termsPath, expression, labelKey, patch);
            default:
                return AffinityOutcome.Malformed;
        }
    }

    public static AffinityOutcome Prefer(JsonObject spec, JsonObject expression, string labelKey, List<JsonPatchOperation> patch)
    {
        if (NodeSelectorNames(spec, labelKey))
        {
            return AffinityOutcome.LeftAsWritten;
        }

        if (!TryNodeAffinity(spec, out var nodeAffinity) ||
            nodeAffinity?[Required] is not (null or JsonObject) ||
            nodeAffinity?[Preferred] is not (null or JsonArray))
        {
            return AffinityOutcome.Malformed;
        }

        var requiredTerms = nodeAffinity?[Required]?["nodeSelectorTerms"] as JsonArray;
        if (requiredTerms is not null && requiredTerms.Any(t => NodeSelectorExpressions.MentionsKey(ExpressionsOf(t), labelKey)))
        {
            return AffinityOutcome.LeftAsWritten;
        }

        var preferred = nodeAffinity?[Preferred] as JsonArray;
        if (preferred is not null)
        {
            if (preferred.Any(p => WeightOf(p) == PreferredWeight && NodeSelectorExpressions.Contains(PreferenceExpressions(p), expression)))
            {
                return AffinityOutcome.AlreadyPresent;
            }

            if (preferred.Any(p => NodeSelectorExpressions.MentionsKey(PreferenceExpressions(p), labelKey)))
            {
                return AffinityOutcome.LeftAsWritten;
            }
        }

        var term = new JsonObject
        {
            ["weight"] = PreferredWeight,
            ["preference"] = new JsonObject { ["matchExpressions"] = new JsonArray(expression.DeepClone()) },
        };

        if (spec["affinity"] is null)
        {
            patch.Add(JsonPatchOperation.Add(AffinityPath, new JsonObject { ["nodeAffinity"] = new JsonObject { [Preferred] = new JsonArray(term) } }));
        }
        else if (nodeAffinity is null)
        {
            patch.Add(JsonPatchOperation.Add(NodeAffinityPath, new JsonObject { [Preferred] = new JsonArray(term) }));
        }
        else if (preferred is null)
        {
            patch.Add(JsonPatchOperation.Add(PreferredPath, new JsonArray(term)));
        }
        else
        {
            patch.Add(JsonPatchOperation.Add(PreferredPath + "/-", term));
        }

        return AffinityOutcome.Added;
    }

    private static AffinityOutcome AndIntoEveryTerm(JsonArray terms, string termsPath, JsonObject expression, string labelKey, List<JsonPatchOperation> patch)
    {
        if (terms.Any(t => t is not JsonObject || t["matchExpressions"] is not (null or JsonArray)))
        {
            return AffinityOutcome.Malformed;
        }

        var missing = new List<int>();
        for (var i = 0; i < terms.Count; i++)
        {
            var expressions = ExpressionsOf(terms[i]);
            if (NodeSelectorExpressions.Contains(expressions, expression))
            {
                continue;
            }

            // The user constrains the label in this term their own way: their intent stands.
            if (NodeSelectorExpressions.MentionsKey(expressions, labelKey))
            {
                return AffinityOutcome.LeftAsWritten;
            }

            missing.Add(i);
        }

        foreach (var i in missing)
        {
            var expressionsPath = $"{termsPath}/{i}/matchExpressions";
            patch.Add(ExpressionsOf(terms[i]) is null
                ? JsonPatchOperation.Add(expressionsPath, new JsonArray(expression.DeepClone()))
                : JsonPatchOperation.Add(expressionsPath + "/-", expression.DeepClone()));
        }

        return missing.Count == 0 ? AffinityOutcome.AlreadyPresent : AffinityOutcome.Added;
    }

    private static bool NodeSelectorNames(JsonObject spec, string labelKey) =>
        spec["nodeSelector"] is JsonObject selector && selector.ContainsKey(labelKey);

    private static bool TryNodeAffinity(JsonObject spec, out JsonObject? nodeAffinity)
    {
        nodeAffinity = null;
        switch (spec["affinity"])
        {
            case null:
                return true;
            case JsonObject affinity:
                nodeAffinity = affinity["nodeAffinity"] as JsonObject;
                return affinity["nodeAffinity"] is null or JsonObject;
            default:
                return false;
        }
    }

    // Indexing a JsonNode that is not an object throws, so every step checks the shape first.
    private static JsonArray? ExpressionsOf(JsonNode? term) => (term as JsonObject)?["matchExpressions"] as JsonArray;

    private static JsonArray? PreferenceExpressions(JsonNode? preferredTerm) => ExpressionsOf((preferredTerm as JsonObject)?["preference"]);

    private static long? WeightOf(JsonNode? preferredTerm) => JsonNumbers.AsInt64((preferredTerm as JsonObject)?["weight"]);
}
