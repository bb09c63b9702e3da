using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>The MutatingWebhookConfiguration as every overlay renders it.</summary>
[Collection(ManifestsCollection.Name)]
public sealed class WebhookManifestTests(RenderedManifests manifests)
{
    public static TheoryData<string> Overlays() => new(RenderedManifests.Overlays);

    private JsonObject Webhook(string overlay)
    {
        var configuration = manifests.Of(overlay).Single("MutatingWebhookConfiguration", "schedext");
        ((string?)configuration["apiVersion"]).Should().Be("admissionregistration.k8s.io/v1");
        return configuration["webhooks"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Calls_the_service_safely_and_never_blocks_pod_creation(string overlay)
    {
        var webhook = Webhook(overlay);

        webhook["admissionReviewVersions"].Strings().Should().Equal("v1");
        ((string?)webhook["sideEffects"]).Should().Be("None");
        ((string?)webhook["failurePolicy"]).Should().Be("Ignore");
        ((int)webhook["timeoutSeconds"]!).Should().BeInRange(1, 5);
        ((string?)webhook["reinvocationPolicy"]).Should().Be("IfNeeded");
        ((string?)webhook["matchPolicy"]).Should().Be("Equivalent");
        var service = webhook.Object("clientConfig").Object("service");
        ((string?)service["name"]).Should().Be("schedext");
        ((string?)service["namespace"]).Should().Be("schedext-system");
        ((string?)service["path"]).Should().Be("/mutate");
        ((int)service["port"]!).Should().Be(443);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Matches_only_spark_pod_creation_outside_system_namespaces(string overlay)
    {
        var webhook = Webhook(overlay);

        var rule = webhook["rules"]!.AsArray().Should().ContainSingle().Subject!;
        rule["apiGroups"].Strings().Should().Equal("");
        rule["resources"].Strings().Should().Equal("pods");
        rule["operations"].Strings().Should().Equal("CREATE");
        var spark = webhook.Object("objectSelector")["matchExpressions"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)spark["key"]).Should().Be("spark-role");
        ((string?)spark["operator"]).Should().Be("In");
        spark["values"].Strings().Should().BeEquivalentTo("driver", "executor");
        var namespaces = webhook.Object("namespaceSelector")["matchExpressions"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)namespaces["key"]).Should().Be("kubernetes.io/metadata.name");
        ((string?)namespaces["operator"]).Should().Be("NotIn");
        namespaces["values"].Strings().Should().BeEquivalentTo("kube-system", "kube-node-lease", "schedext-system");
    }

    [Fact]
    public void Cert_manager_overlays_inject_the_ca_of_the_serving_certificate()
    {
        foreach (var overlay in new[] { "overlays/cert-manager", "overlays/full" })
        {
            var objects = manifests.Of(overlay);
            var annotation = (string?)objects.Single("MutatingWebhookConfiguration", "schedext")["metadata"]!["annotations"]?["cert-manager.io/inject-ca-from"];
            annotation.Should().Be("schedext-system/schedext-serving");
            var certificate = objects.Single("Certificate", "schedext-serving");
            ((string?)certificate["metadata"]!["namespace"]).Should().Be("schedext-system");
        }
    }
}
