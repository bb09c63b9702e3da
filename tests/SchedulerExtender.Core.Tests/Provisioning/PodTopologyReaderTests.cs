using System.Text.Json.Nodes;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class PodTopologyReaderTests
{
    private static JsonObject PodWith(string spec) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web-1", ["namespace"] = "shop", ["labels"] = new JsonObject { ["app"] = "web", ["tier"] = "front", ["pod-template-hash"] = "abc" } },
        ["spec"] = JsonNode.Parse(spec),
    };

    [Fact]
    public void Reads_host_ports_of_containers_and_sidecars_but_not_plain_init_containers()
    {
        var topology = PodTopologyReader.Read(PodWith("""
            {"containers":[{"ports":[{"containerPort":8080,"hostPort":80},{"containerPort":53,"hostPort":53,"protocol":"UDP","hostIP":"10.0.0.1"},{"containerPort":9000}]}],
             "initContainers":[{"restartPolicy":"Always","ports":[{"containerPort":9100,"hostPort":9100}]},{"ports":[{"containerPort":7000,"hostPort":7000}]}]}
            """));

        topology.HostPorts.Should().BeEquivalentTo([new HostPort("TCP", "0.0.0.0", 80), new HostPort("UDP", "10.0.0.1", 53), new HostPort("TCP", "0.0.0.0", 9100)]);
    }

    [Fact]
    public void Reads_required_anti_affinity_with_the_pods_namespace_by_default()
    {
        var topology = PodTopologyReader.Read(PodWith("""
            {"containers":[{}],"affinity":{"podAntiAffinity":{
              "requiredDuringSchedulingIgnoredDuringExecution":[
                {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"},
                {"labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["db"]}]},"namespaces":["data"],"topologyKey":"topology.kubernetes.io/zone"},
                {"labelSelector":{"matchLabels":{"app":"cache"}},"namespaceSelector":{},"topologyKey":"kubernetes.io/hostname"},
                {"topologyKey":"kubernetes.io/hostname"},
                {"labelSelector":{"matchExpressions":[{"key":"app","operator":"Gt","values":["1"]}]},"topologyKey":"kubernetes.io/hostname"}],
              "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"x"}},"topologyKey":"kubernetes.io/hostname"}}]}}}
            """));

        var web = new Dictionary<string, string> { ["app"] = "web" };
        topology.AntiAffinity.Should().HaveCount(3, "a term without a selector selects nothing, one with an operator labels do not have is left out, preferred terms are not read");
        topology.AntiAffinity[0].Selects("shop", web).Should().BeTrue();
        topology.AntiAffinity[0].Selects("other", web).Should().BeFalse("no namespaces: the pod's own");
        topology.AntiAffinity[1].Should().Match<PodAffinityTerm>(t => t.TopologyKey == TopologyKeys.Zone && t.Namespaces!.SequenceEqual(new[] { "data" }));
        topology.AntiAffinity[2].Namespaces.Should().BeNull("a namespaceSelector counts as every namespace");
        topology.Affinity.Should().BeEmpty();
    }

    [Fact]
    public void Reads_do_not_schedule_spread_with_match_label_keys()
    {
        var topology = PodTopologyReader.Read(PodWith("""
            {"containers":[{}],"topologySpreadConstraints":[
              {"maxSkew":2,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"web"}},"matchLabelKeys":["pod-template-hash","absent"]},
              {"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway","labelSelector":{"matchLabels":{"app":"web"}}},
              {"maxSkew":0,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"web"}}}]}
            """));

        var spread = topology.Spread.Should().ContainSingle("ScheduleAnyway is a preference, maxSkew 0 is invalid").Subject;
        spread.MaxSkew.Should().Be(2);
        spread.Namespace.Should().Be("shop");
        spread.Selects("shop", new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "abc" }).Should().BeTrue();
        spread.Selects("shop", new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "old" }).Should().BeFalse("matchLabelKeys narrow to this revision's pods");
    }

    [Fact]
    public void The_pending_pod_carries_labels_and_topology_and_a_plain_pod_has_none()
    {
        var pod = PodWith("""{"containers":[{"ports":[{"containerPort":80,"hostPort":80}]}]}""");
        PendingPodReader.TryRead(pod, SparkRole.None, out var pending, out var error).Should().BeTrue(error);
        pending!.Labels.Should().ContainKey("app").WhoseValue.Should().Be("web");
        pending.Topology!.HostPorts.Should().ContainSingle();

        PodTopologyReader.Read(PodWith("""{"containers":[{}]}""")).Should().BeSameAs(PodTopology.None);
    }
}
