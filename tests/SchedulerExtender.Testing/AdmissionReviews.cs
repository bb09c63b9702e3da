using System.Text.Json.Nodes;

namespace SchedulerExtender.Testing;

/// <summary>AdmissionReview bodies shaped exactly as the API server (v1) sends them for pod CREATE.</summary>
public static class AdmissionReviews
{
    public static JsonObject For(JsonObject pod, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", string operation = "CREATE", bool dryRun = false)
    {
        var ns = pod["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
        JsonObject Gvk() => new() { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" };
        JsonObject Gvr() => new() { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" };
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = Gvk(),
                ["resource"] = Gvr(),
                ["requestKind"] = Gvk(),
                ["requestResource"] = Gvr(),
                ["name"] = pod["metadata"]?["name"]?.GetValue<string>(),
                ["namespace"] = ns,
                ["operation"] = operation,
                ["userInfo"] = new JsonObject
                {
                    ["username"] = "system:serviceaccount:spark-operator:spark-operator-spark",
                    ["uid"] = "0e8e1f6c-1111-4222-8333-444455556666",
                    ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:spark-operator", "system:authenticated"),
                },
                ["object"] = pod.DeepClone(),
                ["oldObject"] = null,
                ["dryRun"] = dryRun,
                ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
            },
        };
    }
}
