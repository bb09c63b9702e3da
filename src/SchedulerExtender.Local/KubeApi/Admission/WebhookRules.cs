using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi.Admission;

/// <summary>
/// Whether a webhook of a MutatingWebhookConfiguration applies to a CREATE: its rules (operations,
/// apiGroups, apiVersions, resources, scope, with "*" wildcards), then its namespaceSelector
/// (against the namespace's labels) and objectSelector (against the object's labels).
/// </summary>
internal static class WebhookRules
{
    public static bool AppliesToCreate(JsonObject webhook, KubeResource resource, IReadOnlyDictionary<string, string> objectLabels, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        var ruleMatches = (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(rule =>
            Contains(rule["operations"], "CREATE") &&
            Contains(rule["apiGroups"], resource.Group) &&
            Contains(rule["apiVersions"], resource.Version) &&
            Contains(rule["resources"], resource.Plural) &&
            (rule.StringAt("scope") ?? "*") switch
            {
                "Namespaced" => resource.Namespaced,
                "Cluster" => !resource.Namespaced,
                _ => true,
            });
        if (!ruleMatches)
        {
            return false;
        }

        // Cluster-scoped objects are not subject to namespaceSelector; an absent selector matches everything.
        var namespaceSelector = Selector(webhook["namespaceSelector"]);
        if (namespaceLabels is not null && !namespaceSelector.Matches(namespaceLabels))
        {
            return false;
        }

        return Selector(webhook["objectSelector"]).Matches(objectLabels);
    }

    private static LabelSelector Selector(JsonNode? node)
    {
        try
        {
            return LabelSelector.FromJson(node) ?? LabelSelector.Everything;
        }
        catch (FormatException e)
        {
            throw new KubeApiException(KubeStatus.InternalError($"invalid selector in a MutatingWebhookConfiguration: {e.Message}"));
        }
    }

    private static bool Contains(JsonNode? list, string value) =>
        (list as JsonArray ?? []).Select(KubeObject.AsString).Any(item => item == "*" || item == value);
}
