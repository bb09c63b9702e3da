using System.Text.Json.Nodes;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>The schedext Deployment, Service, PodDisruptionBudget, NetworkPolicy and config.</summary>
[Collection(ManifestsCollection.Name)]
public sealed class WorkloadManifestTests(RenderedManifests manifests)
{
    public static TheoryData<string> Overlays() => new(RenderedManifests.Overlays);

    private static JsonObject PodSpec(IEnumerable<JsonObject> objects) =>
        objects.Single("Deployment", "schedext")["spec"]!["template"]!["spec"]!.AsObject();

    private static JsonObject Container(JsonObject podSpec) =>
        podSpec["containers"]!.AsArray().Should().ContainSingle().Subject!.AsObject();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Runs_two_restricted_non_root_replicas_spread_over_nodes(string overlay)
    {
        var deployment = manifests.Of(overlay).Single("Deployment", "schedext");
        var pod = PodSpec(manifests.Of(overlay));
        var container = Container(pod);

        ((int)deployment["spec"]!["replicas"]!).Should().Be(2);
        ((string?)pod["serviceAccountName"]).Should().Be("schedext");
        ((bool)pod["securityContext"]!["runAsNonRoot"]!).Should().BeTrue();
        ((string?)pod["securityContext"]!["seccompProfile"]!["type"]).Should().Be("RuntimeDefault");
        var security = container.Object("securityContext");
        ((bool)security["runAsNonRoot"]!).Should().BeTrue();
        ((bool)security["readOnlyRootFilesystem"]!).Should().BeTrue();
        ((bool)security["allowPrivilegeEscalation"]!).Should().BeFalse();
        security["capabilities"]!["drop"].Strings().Should().Equal("ALL");
        security["capabilities"]!["add"].Should().BeNull();
        ((string?)security["seccompProfile"]!["type"]).Should().Be("RuntimeDefault");
        pod["topologySpreadConstraints"]!.AsArray()
            .Should().Contain(c => (string?)c!["topologyKey"] == "kubernetes.io/hostname"
                && (string?)c["labelSelector"]!["matchLabels"]!["app.kubernetes.io/name"] == "schedext");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Serves_with_the_agreed_command_probes_resources_and_mounts(string overlay)
    {
        var objects = manifests.Of(overlay);
        var pod = PodSpec(objects);
        var container = Container(pod);

        ((string?)container["image"]).Should().StartWith("schedext:");
        container["args"].Strings().Should().Equal(
            "serve", "--https-url", "https://0.0.0.0:9443", "--http-url", "http://0.0.0.0:8080",
            "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key", "--config", "/config/config.json");
        container["ports"]!.AsArray().Select(p => ((string?)p!["name"], (int)p["containerPort"]!))
            .Should().BeEquivalentTo([("https", 9443), ("http-metrics", 8080)]);
        ((string?)container["readinessProbe"]!["httpGet"]!["path"]).Should().Be("/readyz");
        ((string?)container["livenessProbe"]!["httpGet"]!["path"]).Should().Be("/healthz");
        ((string?)container["readinessProbe"]!["httpGet"]!["port"]).Should().Be("http-metrics");
        ((string?)container["livenessProbe"]!["httpGet"]!["port"]).Should().Be("http-metrics");
        foreach (var kind in new[] { "requests", "limits" })
        {
            container["resources"]![kind]!.AsObject().Select(r => r.Key).Should().Contain(["cpu", "memory"]);
        }

        KubernetesQuantity.ToMilli((string?)container["resources"]!["limits"]!["cpu"]).Should().BeGreaterThanOrEqualTo(2000,
            "with a CPU limit under 2 the .NET runtime sees one processor, which tripled the extender's latency");

        var mounts = container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["mountPath"]!, m => (string)m!["name"]!);
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        ((string?)volumes[mounts["/tls"]]["secret"]!["secretName"]).Should().Be("schedext-tls");
        volumes[mounts["/tmp"]].ContainsKey("emptyDir").Should().BeTrue();
        var configMapName = (string?)volumes[mounts["/config"]]["configMap"]!["name"];
        objects.OfKind("ConfigMap").Select(c => c.Name()).Should().Contain(configMapName);
        container["volumeMounts"]!.AsArray().Should().OnlyContain(m => m!["subPath"] == null,
            "a subPath mount would hide renewed certificates from the running process");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Config_map_holds_valid_config_json(string overlay)
    {
        var configMap = manifests.Of(overlay).SingleGenerated("ConfigMap", "schedext-config");

        var config = JsonNode.Parse((string)configMap["data"]!["config.json"]!)!;
        ((string?)config["Webhook"]!["CapacityTypeLabel"]).Should().Be("karpenter.sh/capacity-type");
        config["Webhook"]!["SpotValues"].Strings().Should().Equal("spot");
        ((string?)config["Webhook"]!["ExecutorPolicy"]).Should().BeOneOf("spot", "prefer-spot", "none");
        config["Extender"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("PriceWeight", "FitWeight", "RiskWeight");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Service_and_disruption_budget_select_the_schedext_pods(string overlay)
    {
        var objects = manifests.Of(overlay);
        var service = objects.Single("Service", "schedext");
        var pdb = objects.Single("PodDisruptionBudget", "schedext");

        ((string?)service["spec"]!["selector"]!["app.kubernetes.io/name"]).Should().Be("schedext");
        service["spec"]!["ports"]!.AsArray().Select(p => ((string?)p!["name"], (int)p["port"]!, (string?)p["targetPort"]))
            .Should().BeEquivalentTo([("https", 443, "https"), ("http-metrics", 8080, "http-metrics")]);
        ((int)pdb["spec"]!["minAvailable"]!).Should().Be(1);
        ((string?)pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]).Should().Be("schedext");
    }

    [Fact]
    public void Network_policy_opens_https_to_the_cluster_and_metrics_to_monitoring_only()
    {
        var policy = manifests.Of("overlays/plain").Single("NetworkPolicy", "schedext")["spec"]!;

        policy["policyTypes"].Strings().Should().BeEquivalentTo("Ingress", "Egress");
        var ingress = policy["ingress"]!.AsArray();
        var https = ingress.Single(r => r!["ports"]!.AsArray().Any(p => (string?)p!["port"] == "https"))!;
        https["from"].Should().BeNull("the API server is not a selectable pod");
        var metrics = ingress.Single(r => r!["ports"]!.AsArray().Any(p => (string?)p!["port"] == "http-metrics"))!;
        metrics["from"]!.AsArray().Should().ContainSingle()
            .Which!["namespaceSelector"]!["matchLabels"]!.AsObject().Should().NotBeEmpty();
        var egressPorts = policy["egress"]!.AsArray().SelectMany(r => r!["ports"]!.AsArray()).Select(p => (int)p!["port"]!);
        egressPorts.Should().Contain([53, 443, 6443]);
    }

    [Fact]
    public void Pod_monitor_scrapes_the_metrics_port_of_the_schedext_pods()
    {
        var monitor = manifests.Of("monitoring").Single("PodMonitor", "schedext");
        var deployment = manifests.Of("overlays/plain").Single("Deployment", "schedext");
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        ((string?)monitor["apiVersion"]).Should().Be("monitoring.coreos.com/v1");
        ((string?)monitor["metadata"]!["namespace"]).Should().Be((string?)deployment["metadata"]!["namespace"]);
        monitor["spec"]!["selector"]!["matchLabels"]!.AsObject()
            .Should().OnlyContain(l => (string?)podLabels[l.Key] == (string?)l.Value);
        var endpoint = monitor["spec"]!["podMetricsEndpoints"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)endpoint["path"]).Should().Be("/metrics");
        Container(PodSpec(manifests.Of("overlays/plain")))["ports"]!.AsArray()
            .Should().Contain(p => (string?)p!["name"] == (string?)endpoint["port"] && (int)p["containerPort"]! == 8080);
    }
}
