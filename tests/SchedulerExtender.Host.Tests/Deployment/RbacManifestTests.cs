using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>Least privilege: no wildcards, no secrets, and bindings that point at real subjects.</summary>
[Collection(ManifestsCollection.Name)]
public sealed class RbacManifestTests(RenderedManifests manifests)
{
    public static TheoryData<string> Overlays() => new(RenderedManifests.Overlays);

    private static IEnumerable<JsonObject> Rules(IEnumerable<JsonObject> objects) =>
        objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .SelectMany(r => r["rules"]!.AsArray().Select(rule => rule!.AsObject()));

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_rule_uses_wildcards_or_dangerous_verbs_or_reads_secrets(string overlay)
    {
        var rules = Rules(manifests.Of(overlay)).ToList();

        rules.Should().NotBeEmpty();
        foreach (var rule in rules)
        {
            rule["verbs"].Strings().Should().NotContain("*").And.NotContain(["escalate", "bind", "impersonate"]);
            rule["resources"].Strings().Should().NotContain(r => r.Contains('*'));
            rule["apiGroups"].Strings().Should().NotContain("*");
            rule["resources"].Strings().Should().NotContain(["secrets", "configmaps"],
                "the certificate and config are mounted, never read through the API");
            rule["nonResourceURLs"].Should().BeNull();
        }
    }

    [Fact]
    public void Service_role_grants_exactly_what_the_webhook_extender_and_provisioner_need()
    {
        var role = manifests.Of("overlays/plain").Single("ClusterRole", "schedext");
        var grants = role["rules"]!.AsArray()
            .SelectMany(r => r!["apiGroups"].Strings().SelectMany(g => r["resources"].Strings().Select(res => (g, res, r))))
            .ToDictionary(x => $"{x.g}/{x.res}", x => x.r!["verbs"].Strings().ToHashSet());

        grants["/namespaces"].Should().BeEquivalentTo(["get", "list", "watch"]);
        grants["/nodes"].Should().BeEquivalentTo(["get", "list", "watch", "patch", "delete"]);
        grants["/pods"].Should().BeEquivalentTo(["get", "list", "watch", "delete"], "delete: only at a NodePool's terminationGracePeriod");
        grants["/pods/eviction"].Should().BeEquivalentTo(["create"]);
        grants["policy/poddisruptionbudgets"].Should().BeEquivalentTo(["list"]);
        grants["apps/daemonsets"].Should().BeEquivalentTo(["list", "watch"], "new nodes are sized from the DaemonSets' pod templates");
        grants["/persistentvolumeclaims"].Should().BeEquivalentTo(["list", "watch"], "a pending pod's node goes where its volumes are");
        grants["/persistentvolumes"].Should().BeEquivalentTo(["list", "watch"]);
        grants["storage.k8s.io/storageclasses"].Should().BeEquivalentTo(["list", "watch"]);
        grants["karpenter.sh/nodeclaims"].Should().BeEquivalentTo(["get", "list", "watch", "create", "update", "patch", "delete"]);
        grants["karpenter.sh/nodepools"].Should().BeEquivalentTo(["get", "list", "watch"]);
        grants["karpenter.k8s.alibabacloud/ecsnodeclasses"].Should().BeEquivalentTo(["get", "list", "watch"]);
        grants["/events"].Should().BeEquivalentTo(["create", "patch"]);
        grants.Keys.Should().NotContain(k => k.StartsWith("coordination.k8s.io", StringComparison.Ordinal),
            "leases are granted by a Role in the service's own namespace only");

        var leases = manifests.Of("overlays/plain").Single("Role", "schedext-leader-election");
        ((string?)leases["metadata"]!["namespace"]).Should().Be("schedext-system");
        leases["rules"]!.AsArray().Single()!["resources"].Strings().Should().Equal("leases");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_binding_names_an_existing_service_account_and_role(string overlay)
    {
        var objects = manifests.Of(overlay);
        var accounts = objects.OfKind("ServiceAccount")
            .Select(a => $"{a["metadata"]!["namespace"]}/{a.Name()}").ToHashSet();
        var roles = objects.Where(o => (string?)o["kind"] is "Role" or "ClusterRole")
            .Select(r => $"{r["kind"]}/{r.Name()}").ToHashSet();

        foreach (var binding in objects.Where(o => (string?)o["kind"] is "RoleBinding" or "ClusterRoleBinding"))
        {
            foreach (var subject in binding["subjects"]!.AsArray())
            {
                ((string?)subject!["kind"]).Should().Be("ServiceAccount");
                accounts.Should().Contain($"{subject["namespace"]}/{subject["name"]}", $"binding {binding.Name()}");
            }

            var roleRef = $"{binding["roleRef"]!["kind"]}/{binding["roleRef"]!["name"]}";
            var builtIn = roleRef is "ClusterRole/system:kube-scheduler" or "ClusterRole/system:volume-scheduler"
                or "Role/extension-apiserver-authentication-reader";
            (builtIn || roles.Contains(roleRef)).Should().BeTrue($"{binding.Name()} refers to {roleRef}");
        }
    }
}
