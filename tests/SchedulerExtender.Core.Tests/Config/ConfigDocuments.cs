using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Tests.Config;

/// <summary>
/// The seed NodePool and ECSNodeClass (../shared/seed) as the JSON trees the YAML loader
/// produces; the YAML files themselves are read in the Kubernetes project's tests.
/// </summary>
internal static class ConfigDocuments
{
    public const string NodePoolJson = """
        {
          "apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": { "name": "ecsnodepool" },
          "spec": {
            "disruption": { "budgets": [ { "nodes": "95%" } ], "consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "1m" },
            "template": { "spec": {
              "requirements": [
                { "key": "kubernetes.io/arch", "operator": "In", "values": [ "amd64" ] },
                { "key": "kubernetes.io/os", "operator": "In", "values": [ "linux" ] },
                { "key": "karpenter.sh/capacity-type", "operator": "In", "values": [ "spot", "on-demand" ] }
              ],
              "nodeClassRef": { "group": "karpenter.k8s.alibabacloud", "kind": "ECSNodeClass", "name": "defaultnodeclass" }
            } }
          }
        }
        """;

    public const string NodeClassJson = """
        {
          "apiVersion": "karpenter.k8s.alibabacloud/v1alpha1", "kind": "ECSNodeClass", "metadata": { "name": "defaultnodeclass" },
          "spec": {
            "vSwitchSelectorTerms": [ { "tags": { "karpenter.sh/discovery": "demo-cluster" } } ],
            "securityGroupSelectorTerms": [ { "tags": { "karpenter.sh/discovery": "demo-cluster" } } ],
            "imageSelectorTerms": [ { "alias": "ContainerOS" } ],
            "systemDisk": { "categories": [ "cloud_auto" ], "performanceLevel": "PL0", "size": 20 }
          }
        }
        """;

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Sets (or with null removes) the value at a dotted path such as <c>spec.template.spec.requirements[1].operator</c>.</summary>
    public static JsonObject With(string json, string path, JsonNode? value)
    {
        var root = Parse(json);
        JsonNode current = root;
        var parts = path.Replace("[", ".[").Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (part.StartsWith('['))
            {
                var index = int.Parse(part.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    current.AsArray()[index] = value;
                }
                else
                {
                    current = current.AsArray()[index]!;
                }
            }
            else if (last)
            {
                if (value is null)
                {
                    current.AsObject().Remove(part);
                }
                else
                {
                    current.AsObject()[part] = value;
                }
            }
            else
            {
                current = current[part] ?? (current.AsObject()[part] = new JsonObject());
            }
        }

        return root;
    }
}
