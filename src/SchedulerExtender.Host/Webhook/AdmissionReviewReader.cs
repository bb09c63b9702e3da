using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Host.Webhook;

/// <summary>
/// Validates an AdmissionReview the way the webhook contract needs it. Every rejection carries a
/// message that says what is wrong, so whoever misconfigured the caller can fix it.
/// </summary>
public static class AdmissionReviewReader
{
    public const string ApiVersion = "admission.k8s.io/v1";

    public static bool TryRead(JsonNode? root, [NotNullWhen(true)] out AdmissionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (root is not JsonObject review)
        {
            return Fail("body must be a JSON object (an admission.k8s.io/v1 AdmissionReview)", out error);
        }

        if (Text(review, "apiVersion") != ApiVersion || Text(review, "kind") != "AdmissionReview")
        {
            return Fail($"expected apiVersion {ApiVersion} and kind AdmissionReview, got '{Text(review, "apiVersion")}' / '{Text(review, "kind")}'", out error);
        }

        if (review["request"] is not JsonObject body)
        {
            return Fail("AdmissionReview has no request object", out error);
        }

        if (string.IsNullOrEmpty(Text(body, "uid")))
        {
            return Fail("AdmissionReview request has no uid", out error);
        }

        var kind = body["kind"] as JsonObject;
        if (kind is null || Text(kind, "kind") != "Pod" || !string.IsNullOrEmpty(Text(kind, "group")))
        {
            return Fail($"this webhook admits core/v1 Pods only, got kind '{(kind is null ? "" : Text(kind, "group") + "/" + Text(kind, "kind"))}'", out error);
        }

        var operation = Text(body, "operation") ?? "";
        var obj = body["object"];
        if (operation == "CREATE" && obj is not JsonObject)
        {
            return Fail("a CREATE request must carry the pod in request.object", out error);
        }

        var dryRun = body["dryRun"] is JsonValue d && d.TryGetValue<bool>(out var isDryRun) && isDryRun;
        request = new AdmissionRequest(Text(body, "uid")!, operation, Text(body, "namespace"), obj as JsonObject, dryRun);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    private static string? Text(JsonObject o, string name) => JsonStrings.AsString(o[name]);
}
