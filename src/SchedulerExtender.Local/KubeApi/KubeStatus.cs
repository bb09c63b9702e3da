using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A meta/v1 Status: what the API server answers for every error (and for a few successes, such
/// as binding and eviction). Reason and code follow k8s.io/apimachinery's StatusReason values.
/// </summary>
public sealed record KubeStatus(int Code, string Reason, string Message, KubeResource? Resource = null, string? Name = null, IReadOnlyList<string>? Causes = null, string? CauseReason = null)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    public static KubeStatus Success(int code = 200) => new(code, string.Empty, string.Empty);

    public static KubeStatus NotFound(KubeResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", resource, name);

    public static KubeStatus AlreadyExists(KubeResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", resource, name);

    public static KubeStatus Conflict(KubeResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": {why}", resource, name);

    public static KubeStatus StaleResourceVersion(KubeResource resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static KubeStatus BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeStatus Invalid(KubeResource resource, string name, string message) =>
        new(422, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {message}", resource, name);

    public static KubeStatus Expired(string message) => new(410, "Expired", message);

    public static KubeStatus MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static KubeStatus UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \"{contentType}\")");

    public static KubeStatus InternalError(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    public static KubeStatus ServerNotFound() => new(404, "NotFound", "the server could not find the requested resource");

    /// <summary>The Status object as JSON, exactly in the shape clients decode.</summary>
    public JsonObject ToJson()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = IsSuccess ? "Success" : "Failure",
        };
        if (!IsSuccess)
        {
            status["message"] = Message;
            status["reason"] = Reason;
        }

        if (Resource is not null || Name is not null || Causes is { Count: > 0 })
        {
            var details = new JsonObject();
            if (Name is not null)
            {
                details["name"] = Name;
            }

            if (Resource is not null)
            {
                if (Resource.Group.Length > 0)
                {
                    details["group"] = Resource.Group;
                }

                details["kind"] = Resource.Plural;
            }

            if (Causes is { Count: > 0 })
            {
                details["causes"] = new JsonArray(Causes.Select(c => (JsonNode)new JsonObject { ["reason"] = CauseReason, ["message"] = c }).ToArray());
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }

    public override string ToString() => $"{Code} {Reason}: {Message}";
}
