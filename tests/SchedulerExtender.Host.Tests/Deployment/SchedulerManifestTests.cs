using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>The second kube-scheduler (profile schedext-scheduler) and its extender configuration.</summary>
[Collection(ManifestsCollection.Name)]
public sealed class SchedulerManifestTests(RenderedManifests manifests)
{
    private IReadOnlyList<JsonObject> Full => manifests.Of("overlays/full");

    private JsonObject SchedulerConfig() =>
        YamlToJson.Single((string)Full.SingleGenerated("ConfigMap", "schedext-scheduler-config")["data"]!["config.yaml"]!);

    private JsonObject SchedulerPod() =>
        Full.Single("Deployment", "schedext-scheduler")["spec"]!["template"]!["spec"]!.AsObject();

    [Fact]
    public void Configuration_has_one_profile_and_an_https_extender_with_the_agreed_settings()
    {
        var config = SchedulerConfig();

        ((string?)config["apiVersion"]).Should().Be("kubescheduler.config.k8s.io/v1");
        ((string?)config["kind"]).Should().Be("KubeSchedulerConfiguration");
        config["profiles"]!.AsArray().Select(p => (string?)p!["schedulerName"]).Should().Equal("schedext-scheduler");
        ((int)config["profiles"]![0]!["percentageOfNodesToScore"]!).Should().Be(100, "the extender must see every feasible node to pack them");
        var extender = config["extenders"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)extender["urlPrefix"]).Should().Be("https://schedext.schedext-system.svc:443/extender");
        ((string?)extender["filterVerb"]).Should().Be("filter");
        ((string?)extender["prioritizeVerb"]).Should().Be("prioritize");
        ((string?)extender["preemptVerb"]).Should().Be("preempt");
        ((int)extender["weight"]!).Should().Be(5);
        ((bool)extender["nodeCacheCapable"]!).Should().BeTrue();
        ((bool)extender["ignorable"]!).Should().BeTrue();
        ((bool)extender["enableHTTPS"]!).Should().BeTrue();
        ((string?)extender["httpTimeout"]).Should().Be("5s");
        extender["bindVerb"].Should().BeNull("kube-scheduler binds; the extender only filters and scores");
        extender["tlsConfig"]!["insecure"].Should().BeNull();
    }

    [Fact]
    public void Extender_url_points_at_the_https_port_of_the_schedext_service()
    {
        var url = new Uri((string)SchedulerConfig()["extenders"]![0]!["urlPrefix"]!);
        var service = Full.Single("Service", "schedext");

        url.Host.Should().Be($"{service.Name()}.{service["metadata"]!["namespace"]}.svc");
        service["spec"]!["ports"]!.AsArray().Should().Contain(p => (int)p!["port"]! == url.Port && (string?)p["name"] == "https");
        url.AbsolutePath.Should().Be("/extender");
    }

    [Fact]
    public void Ca_file_is_the_ca_of_the_serving_secret_mounted_into_the_scheduler()
    {
        var caFile = (string)SchedulerConfig()["extenders"]![0]!["tlsConfig"]!["caFile"]!;
        var pod = SchedulerPod();

        var (volume, relative) = MountedFile(pod, caFile);
        ((string?)volume["secret"]!["secretName"]).Should().Be("schedext-tls");
        volume["secret"]!["items"]!.AsArray().Select(i => ((string?)i!["key"], (string?)i["path"]))
            .Should().Equal([("ca.crt", relative)], "only the CA, never the private key, reaches the scheduler");
    }

    [Fact]
    public void Deployment_runs_upstream_kube_scheduler_non_root_with_the_generated_config()
    {
        var pod = SchedulerPod();
        var container = pod["containers"]!.AsArray().Should().ContainSingle().Subject!;

        ((string?)container["image"]).Should().StartWith("registry.k8s.io/kube-scheduler:v1.31.");
        ((string?)pod["serviceAccountName"]).Should().Be("schedext-scheduler");
        ((bool)pod["securityContext"]!["runAsNonRoot"]!).Should().BeTrue();
        ((bool)container["securityContext"]!["readOnlyRootFilesystem"]!).Should().BeTrue();
        ((bool)container["securityContext"]!["allowPrivilegeEscalation"]!).Should().BeFalse();
        container["securityContext"]!["capabilities"]!["drop"].Strings().Should().Equal("ALL");
        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
        {
            ((string?)container[probe]!["httpGet"]!["scheme"]).Should().Be("HTTPS");
            ((int)container[probe]!["httpGet"]!["port"]!).Should().Be(10259);
        }

        var configPath = container["command"].Strings().Single(a => a.StartsWith("--config=", StringComparison.Ordinal))["--config=".Length..];
        var (volume, relative) = MountedFile(pod.AsObject(), configPath);
        var configMap = Full.SingleGenerated("ConfigMap", "schedext-scheduler-config");
        ((string?)volume["configMap"]!["name"]).Should().Be(configMap.Name());
        configMap["data"]!.AsObject().Select(d => d.Key).Should().Contain(relative);
    }

    [Fact]
    public void Leader_election_uses_its_own_lease_which_its_role_allows()
    {
        var election = SchedulerConfig()["leaderElection"]!;
        ((bool)election["leaderElect"]!).Should().BeTrue();
        ((string?)election["resourceLock"]).Should().Be("leases");
        var lease = (string)election["resourceName"]!;
        lease.Should().NotBe("kube-scheduler", "the default scheduler holds that lease");

        var role = Full.Single("Role", "schedext-scheduler-leader-election");
        ((string?)role["metadata"]!["namespace"]).Should().Be((string?)election["resourceNamespace"]);
        role["rules"]!.AsArray().Should().Contain(r => r!["resourceNames"].Strings().Contains(lease)
            && r["verbs"].Strings().Contains("update") && r["verbs"].Strings().Contains("get"));
    }

    [Fact]
    public void Scheduler_is_bound_to_the_roles_the_multiple_schedulers_guide_requires()
    {
        var bindings = Full.Where(o => (string?)o["kind"] is "RoleBinding" or "ClusterRoleBinding")
            .Where(b => b["subjects"]!.AsArray().Any(s => (string?)s!["name"] == "schedext-scheduler"))
            .Select(b => $"{b["metadata"]!["namespace"]}:{b["roleRef"]!["name"]}").ToList();

        bindings.Should().Contain([":system:kube-scheduler", ":system:volume-scheduler",
            "kube-system:extension-apiserver-authentication-reader"]);
    }

    [Fact]
    public void Full_overlay_routes_spark_pods_to_the_scheduler_and_otherwise_keeps_the_base_config()
    {
        var full = JsonNode.Parse((string)Full.SingleGenerated("ConfigMap", "schedext-config")["data"]!["config.json"]!)!;
        var baseConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Manifests, "base", "config.json")))!;

        ((string?)full["Webhook"]!["SchedulerName"]).Should().Be((string?)SchedulerConfig()["profiles"]![0]!["schedulerName"]);
        full["Webhook"]!.AsObject().Remove("SchedulerName");
        baseConfig["Webhook"]!.AsObject().Remove("SchedulerName");
        JsonNode.DeepEquals(full, baseConfig).Should().BeTrue("overlays/full/config.json must track base/config.json");
    }

    [Fact]
    public void Scheduler_pods_are_not_selected_by_the_schedext_service_or_budget()
    {
        var labels = Full.Single("Deployment", "schedext-scheduler")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var serviceSelector = Full.Single("Service", "schedext")["spec"]!["selector"]!.AsObject();

        serviceSelector.All(s => (string?)labels[s.Key] == (string?)s.Value).Should().BeFalse();
    }

    [Fact]
    public void Default_scheduler_example_uses_the_same_extender_settings_except_the_address()
    {
        var example = YamlToJson.Single(File.ReadAllText(
            Path.Combine(RepositoryLayout.Manifests, "scheduler", "default-scheduler-extender.example.yaml")));
        var exampleExtender = example["extenders"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        var extender = SchedulerConfig()["extenders"]![0]!.DeepClone().AsObject();

        ((string?)exampleExtender["tlsConfig"]!["serverName"]).Should().Be(new Uri((string)extender["urlPrefix"]!).Host,
            "the example calls the ClusterIP, so the certificate is checked against the Service name");
        foreach (var node in new[] { exampleExtender, extender })
        {
            node.Remove("urlPrefix");
            node.Remove("tlsConfig");
        }

        JsonNode.DeepEquals(exampleExtender, extender).Should().BeTrue();
    }

    /// <summary>The volume a file path is mounted from, and the path inside the volume.</summary>
    private static (JsonObject Volume, string Relative) MountedFile(JsonObject pod, string path)
    {
        var container = pod["containers"]![0]!;
        var mount = container["volumeMounts"]!.AsArray()
            .Single(m => path.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        var volume = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!.AsObject();
        return (volume, path[((string)mount["mountPath"]!).Length..].TrimStart('/'));
    }
}
