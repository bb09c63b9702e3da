using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.LocalMode;

/// <summary>
/// Registers our admission webhook with the embedded Kubernetes API, with the settings of
/// <c>manifests/base/webhook.yaml</c> but a URL and the local certificate as caBundle, so pods
/// created in local mode go through <c>/mutate</c> exactly as in a cluster.
/// </summary>
public static class LocalWebhookRegistration
{
    public const string Name = "schedext";

    public static void Register(KubeStore store, Uri mutateUrl, string caBundlePem)
    {
        var configuration = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "MutatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "schedext" } },
            ["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "spark-pods.schedext.io",
                ["admissionReviewVersions"] = new JsonArray("v1"),
                ["sideEffects"] = "None",
                ["failurePolicy"] = "Ignore",
                ["timeoutSeconds"] = 5,
                ["reinvocationPolicy"] = "IfNeeded",
                ["matchPolicy"] = "Equivalent",
                ["clientConfig"] = new JsonObject
                {
                    ["url"] = mutateUrl.ToString(),
                    ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caBundlePem)),
                },
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["apiGroups"] = new JsonArray(""),
                    ["apiVersions"] = new JsonArray("v1"),
                    ["operations"] = new JsonArray("CREATE"),
                    ["resources"] = new JsonArray("pods"),
                    ["scope"] = "Namespaced",
                }),
                ["objectSelector"] = new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(new JsonObject
                    {
                        ["key"] = "spark-role",
                        ["operator"] = "In",
                        ["values"] = new JsonArray("driver", "executor"),
                    }),
                },
                ["namespaceSelector"] = new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(new JsonObject
                    {
                        ["key"] = "kubernetes.io/metadata.name",
                        ["operator"] = "NotIn",
                        ["values"] = new JsonArray("kube-system", "kube-node-lease", "schedext-system"),
                    }),
                },
            }),
        };

        if (store.TryGet(KubeResources.MutatingWebhookConfigurations, null, Name) is null)
        {
            store.Create(KubeResources.MutatingWebhookConfigurations, null, configuration);
        }
        else
        {
            store.Update(KubeResources.MutatingWebhookConfigurations, null, Name, configuration);
        }
    }
}
