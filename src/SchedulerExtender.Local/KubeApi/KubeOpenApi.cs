using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// The smallest OpenAPI v3 documents kubectl needs to validate on the server side: kubectl create
/// and apply first check that the PATCH operation of a kind accepts the fieldValidation query
/// parameter and, if so, leave validation to the server instead of downloading full schemas.
/// Schemas are not published: the embedded API stores any well-formed object.
/// </summary>
internal static class KubeOpenApi
{
    public static JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var groupVersion in KubeResources.All.Select(PathOf).Distinct())
        {
            paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version ("api/v1", "apis/karpenter.sh/v1"), or null.</summary>
    public static JsonObject? GroupVersion(string groupVersionPath)
    {
        var resources = KubeResources.All.Where(r => PathOf(r) == groupVersionPath).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var resource in resources)
        {
            var item = resource.Namespaced
                ? $"/{groupVersionPath}/namespaces/{{namespace}}/{resource.Plural}/{{name}}"
                : $"/{groupVersionPath}/{resource.Plural}/{{name}}";
            paths[item] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{resource.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind },
                    ["parameters"] = new JsonArray(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (schedext embedded)", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string PathOf(KubeResource resource) => resource.Group.Length == 0 ? $"api/{resource.Version}" : $"apis/{resource.Group}/{resource.Version}";
}
