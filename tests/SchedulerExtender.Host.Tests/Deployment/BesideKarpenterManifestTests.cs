using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SchedulerExtender.Host.Disruption;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>
/// manifests/overlays/beside-karpenter: webhook and extender only, in a cluster where Karpenter
/// provisions. It must not replace Karpenter's CRDs, must not be able to write what Karpenter owns,
/// and must run with the provisioner and the disruption controller off.
/// </summary>
[Collection(ManifestsCollection.Name)]
public sealed class BesideKarpenterManifestTests(RenderedManifests manifests)
{
    private const string Overlay = "overlays/beside-karpenter";

    [Fact]
    public void Renders_no_custom_resource_definition_while_the_other_overlays_keep_ours()
    {
        manifests.Of(Overlay).OfKind("CustomResourceDefinition").Should().BeEmpty("Karpenter's CRDs stay in place");
        manifests.Of(Overlay).Should().NotContain(o => ((string?)o["apiVersion"] ?? "").StartsWith("karpenter.", StringComparison.Ordinal));
        manifests.Of("overlays/cert-manager").OfKind("CustomResourceDefinition").Select(c => c.Name())
            .Should().BeEquivalentTo("nodepools.karpenter.sh", "nodeclaims.karpenter.sh", "ecsnodeclasses.karpenter.k8s.alibabacloud");
    }

    [Fact]
    public void The_service_account_can_only_read_namespaces_nodes_and_pods()
    {
        var objects = manifests.Of(Overlay);
        var rules = objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .SelectMany(r => r["rules"]!.AsArray().Select(rule => rule!.AsObject())).ToList();

        rules.SelectMany(r => r["verbs"].Strings()).Distinct().Should().BeSubsetOf(["get", "list", "watch"]);
        rules.SelectMany(r => r["apiGroups"].Strings()).Distinct().Should().Equal("");
        rules.SelectMany(r => r["resources"].Strings()).Should().BeEquivalentTo("namespaces", "nodes", "pods");
        objects.Should().NotContain(o => o.Name() == "schedext-leader-election", "no replica campaigns for the provisioner's Lease");
        objects.Single("ClusterRoleBinding", "schedext")["roleRef"]!["name"]!.GetValue<string>().Should().Be("schedext");
    }

    [Fact]
    public void Config_turns_the_provisioner_and_disruption_off_and_keeps_the_base_webhook_and_extender()
    {
        var rendered = (string)manifests.Of(Overlay).SingleGenerated("ConfigMap", "schedext-config")["data"]!["config.json"]!;
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
}
