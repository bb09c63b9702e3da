using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SchedulerExtender.Host.Disruption;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>
/// manifests/overlays/beside-karpenter and beside-karpenter-plain (components/beside-karpenter on a
/// cert-manager and on an openssl certificate): webhook and extender only, in a cluster where
/// Karpenter provisions. They must not replace Karpenter's CRDs, must not be able to write what
/// Karpenter owns, and must run with the provisioner and the disruption controller off.
/// </summary>
[Collection(ManifestsCollection.Name)]
public sealed class BesideKarpenterManifestTests(RenderedManifests manifests)
{
    private const string CertManagerOverlay = "overlays/beside-karpenter";
    private const string PlainOverlay = "overlays/beside-karpenter-plain";

    public static TheoryData<string> Overlays() => new(RenderedManifests.BesideKarpenterOverlays);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Renders_no_custom_resource_definition_while_the_other_overlays_keep_ours(string overlay)
    {
        manifests.Of(overlay).OfKind("CustomResourceDefinition").Should().BeEmpty("Karpenter's CRDs stay in place");
        manifests.Of(overlay).Should().NotContain(o => ((string?)o["apiVersion"] ?? "").StartsWith("karpenter.", StringComparison.Ordinal));
        var ours = new[] { "nodepools.karpenter.sh", "nodeclaims.karpenter.sh", "ecsnodeclasses.karpenter.k8s.alibabacloud" };
        manifests.Of("overlays/cert-manager").OfKind("CustomResourceDefinition").Select(c => c.Name()).Should().BeEquivalentTo(ours);
        manifests.Of("overlays/plain").OfKind("CustomResourceDefinition").Select(c => c.Name()).Should().BeEquivalentTo(ours);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_service_account_can_only_read_namespaces_nodes_and_pods(string overlay)
    {
        var objects = manifests.Of(overlay);
        var rules = objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .SelectMany(r => r["rules"]!.AsArray().Select(rule => rule!.AsObject())).ToList();

        rules.SelectMany(r => r["verbs"].Strings()).Distinct().Should().BeSubsetOf(["get", "list", "watch"]);
        rules.SelectMany(r => r["apiGroups"].Strings()).Distinct().Should().Equal("");
        rules.SelectMany(r => r["resources"].Strings()).Should().BeEquivalentTo("namespaces", "nodes", "pods");
        objects.Should().NotContain(o => o.Name() == "schedext-leader-election", "no replica campaigns for the provisioner's Lease");
        objects.Single("ClusterRoleBinding", "schedext")["roleRef"]!["name"]!.GetValue<string>().Should().Be("schedext");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Config_turns_the_provisioner_and_disruption_off_and_keeps_the_base_webhook_and_extender(string overlay)
    {
        var rendered = (string)manifests.Of(overlay).SingleGenerated("ConfigMap", "schedext-config")["data"]!["config.json"]!;
        var config = JsonNode.Parse(rendered)!.AsObject();
        var baseConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Manifests, "base", "config.json")))!.AsObject();

        JsonNode.DeepEquals(config["Webhook"], baseConfig["Webhook"]).Should().BeTrue();
        JsonNode.DeepEquals(config["Extender"], baseConfig["Extender"]).Should().BeTrue();
        // Bound as the service binds it: the section and key names are what turns them off.
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(rendered));
        var bound = new ConfigurationBuilder().AddJsonStream(stream).Build();
        bound.GetSection(ProvisionerOptions.Section).Get<ProvisionerOptions>()!.Enabled.Should().BeFalse();
        bound.GetSection(DisruptionControllerOptions.Section).Get<DisruptionControllerOptions>()!.Enabled.Should().BeFalse(
            "disruption is on by default and would run on any replica whose provisioner is turned on by an environment variable");
    }

    [Fact]
    public void The_two_overlays_differ_only_in_how_the_certificate_is_made()
    {
        var withCertManager = manifests.Of(CertManagerOverlay);
        var withOpenssl = manifests.Of(PlainOverlay);

        // cert-manager: the issuers and certificates, and the cainjector's annotation on the webhook.
        withCertManager.Where(IsCertManagerObject).Select(o => $"{o["kind"]}/{o.Name()}").Should().BeEquivalentTo(
            "Issuer/schedext-selfsigned", "Certificate/schedext-ca", "Issuer/schedext-ca", "Certificate/schedext-serving");
        InjectCaFrom(withCertManager).Should().Be("schedext-system/schedext-serving");
        CaBundles(withCertManager).Should().AllSatisfy(b => b.Should().BeNull("the cainjector writes it"));

        // openssl: overlays/plain's caBundle patch, a placeholder the API server refuses until inject-ca-bundle.sh ran.
        withOpenssl.Should().NotContain(o => IsCertManagerObject(o));
        InjectCaFrom(withOpenssl).Should().BeNull();
        var caBundle = CaBundles(withOpenssl).Should().ContainSingle().Subject;
        caBundle.Should().Contain("CA-BUNDLE-NOT-SET");
        FluentActions.Invoking(() => Convert.FromBase64String(caBundle!)).Should().Throw<FormatException>();

        // Everything else, the Karpenter-safe part included, is the same object for object.
        var left = WithoutCertificateHandling(withCertManager);
        var right = WithoutCertificateHandling(withOpenssl);
        left.Keys.Should().BeEquivalentTo(right.Keys);
        left.Should().NotBeEmpty();
        foreach (var (key, obj) in left)
        {
            JsonNode.DeepEquals(obj, right[key]).Should().BeTrue($"{key} must render the same in both overlays");
        }
    }

    private static bool IsCertManagerObject(JsonObject o) =>
        ((string?)o["apiVersion"] ?? "").StartsWith("cert-manager.io/", StringComparison.Ordinal);

    private static JsonObject Webhook(IEnumerable<JsonObject> objects) =>
        objects.Single("MutatingWebhookConfiguration", "schedext");

    private static string? InjectCaFrom(IEnumerable<JsonObject> objects) =>
        (string?)Webhook(objects)["metadata"]!["annotations"]?["cert-manager.io/inject-ca-from"];

    private static IEnumerable<string?> CaBundles(IEnumerable<JsonObject> objects) =>
        Webhook(objects)["webhooks"]!.AsArray().Select(w => (string?)w!["clientConfig"]!["caBundle"]);

    /// <summary>Copies of the objects keyed by kind, namespace and name, without cert-manager's objects and annotation and without caBundle.</summary>
    private static Dictionary<string, JsonObject> WithoutCertificateHandling(IEnumerable<JsonObject> objects)
    {
        var result = new Dictionary<string, JsonObject>();
        foreach (var original in objects.Where(o => !IsCertManagerObject(o)))
        {
            var copy = original.DeepClone().AsObject();
            if ((string?)copy["kind"] == "MutatingWebhookConfiguration")
            {
                if (copy["metadata"]!["annotations"] is JsonObject annotations)
                {
                    annotations.Remove("cert-manager.io/inject-ca-from");
                    if (annotations.Count == 0)
                    {
                        copy["metadata"]!.AsObject().Remove("annotations");
                    }
                }

                foreach (var webhook in copy["webhooks"]!.AsArray())
                {
                    webhook!["clientConfig"]!.AsObject().Remove("caBundle");
                }
            }

            result.Add($"{copy["kind"]}/{copy["metadata"]!["namespace"]}/{copy.Name()}", copy);
        }

        return result;
    }
}
