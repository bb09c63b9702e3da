using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;
using static SchedulerExtender.Core.Tests.Config.ConfigDocuments;

namespace SchedulerExtender.Core.Tests.Config;

public sealed class KubeletConfigurationReaderTests
{
    private const string Full = """
        {
          "clusterDNS": ["10.96.0.10", "fd00::a"],
          "maxPods": 20,
          "podsPerCore": "4",
          "systemReserved": { "cpu": "100m", "memory": " 512Mi", "ephemeral-storage": "1Gi", "pid": "1000" },
          "kubeReserved": { "cpu": "0.2", "memory": "1Gi" },
          "evictionHard": { "memory.available": "500Mi", "nodefs.available": "15%" },
          "evictionSoft": { "memory.available": "1Gi" },
          "evictionSoftGracePeriod": { "memory.available": "1m30s" },
          "evictionMaxPodGracePeriod": 60,
          "imageGCHighThresholdPercent": 85,
          "imageGCLowThresholdPercent": 80,
          "cpuCFSQuota": false
        }
        """;

    private static ConfigReadResult<EcsNodeClass> ReadWith(string kubeletJson) =>
        EcsNodeClassReader.Read(With(NodeClassJson, "spec.kubeletConfiguration", JsonNode.Parse(kubeletJson)));

    [Fact]
    public void Reads_every_field()
    {
        var result = ReadWith(Full);

        result.Errors.Should().BeEmpty();
        var k = result.Value!.Kubelet!;
        k.ClusterDns.Should().Equal("10.96.0.10", "fd00::a");
        k.MaxPods.Should().Be(20);
        k.PodsPerCore.Should().Be(4);
        k.SystemReserved.Should().Equal(new Dictionary<string, string> { ["cpu"] = "100m", ["ephemeral-storage"] = "1Gi", ["memory"] = "512Mi", ["pid"] = "1000" });
        k.KubeReserved.Should().Equal(new Dictionary<string, string> { ["cpu"] = "0.2", ["memory"] = "1Gi" });
        k.EvictionHard.Should().Equal(new Dictionary<string, string> { ["memory.available"] = "500Mi", ["nodefs.available"] = "15%" });
        k.EvictionSoft.Should().ContainKey("memory.available").WhoseValue.Should().Be("1Gi");
        k.EvictionSoftGracePeriod.Should().ContainKey("memory.available").WhoseValue.Should().Be("1m30s");
        k.EvictionMaxPodGracePeriod.Should().Be(60);
        k.ImageGcHighThresholdPercent.Should().Be(85);
        k.ImageGcLowThresholdPercent.Should().Be(80);
        k.CpuCfsQuota.Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    public void No_settings_is_no_kubelet_configuration(string? kubeletJson)
    {
        var doc = With(NodeClassJson, "spec.kubeletConfiguration", kubeletJson is null ? null : JsonNode.Parse(kubeletJson));

        var result = EcsNodeClassReader.Read(doc);

        result.Errors.Should().BeEmpty();
        result.Value!.Kubelet.Should().BeNull();
    }

    public static TheoryData<string, string> Invalid() => new()
    {
        // kubeletConfiguration, the error expected (path: message prefix)
        { """{ "maxPod": 20 }""", "spec.kubeletConfiguration.maxPod: unknown field" },
        { """{ "maxPods": -1 }""", "spec.kubeletConfiguration.maxPods: -1 is out of range 0.." },
        { """{ "maxPods": "many" }""", "spec.kubeletConfiguration.maxPods: \"many\" is not an integer" },
        { """{ "podsPerCore": -2 }""", "spec.kubeletConfiguration.podsPerCore: -2 is out of range 0.." },
        { """{ "clusterDNS": ["coredns"] }""", "spec.kubeletConfiguration.clusterDNS[0]: \"coredns\" is not an IP address" },
        { """{ "clusterDNS": "10.96.0.10" }""", "spec.kubeletConfiguration.clusterDNS: must be a list" },
        { """{ "systemReserved": { "gpu": "1" } }""", "spec.kubeletConfiguration.systemReserved.gpu: unknown resource (expected one of cpu, memory, ephemeral-storage, pid)" },
        { """{ "kubeReserved": { "memory": "-1Gi" } }""", "spec.kubeletConfiguration.kubeReserved.memory: \"-1Gi\" is not a non-negative resource quantity" },
        { """{ "kubeReserved": { "cpu": "lots" } }""", "spec.kubeletConfiguration.kubeReserved.cpu: \"lots\" is not a non-negative resource quantity" },
        { """{ "kubeReserved": ["cpu=1"] }""", "spec.kubeletConfiguration.kubeReserved: must be an object" },
        { """{ "evictionHard": { "memory.free": "1Gi" } }""", "spec.kubeletConfiguration.evictionHard.memory.free: unknown eviction signal" },
        { """{ "evictionHard": { "memory.available": "110%" } }""", "spec.kubeletConfiguration.evictionHard.memory.available: \"110%\" is not a threshold" },
        { """{ "evictionHard": { "nodefs.available": "ten%" } }""", "spec.kubeletConfiguration.evictionHard.nodefs.available: \"ten%\" is not a threshold" },
        { """{ "evictionSoft": { "memory.available": "1Gi" } }""", "spec.kubeletConfiguration.evictionSoft.memory.available: has no matching evictionSoftGracePeriod" },
        { """{ "evictionSoftGracePeriod": { "memory.available": "1m" } }""", "spec.kubeletConfiguration.evictionSoftGracePeriod.memory.available: has no matching evictionSoft" },
        { """{ "evictionSoft": { "memory.available": "1Gi" }, "evictionSoftGracePeriod": { "memory.available": "soon" } }""", "spec.kubeletConfiguration.evictionSoftGracePeriod.memory.available: \"soon\" is not a duration" },
        { """{ "evictionMaxPodGracePeriod": 3000000000 }""", "spec.kubeletConfiguration.evictionMaxPodGracePeriod: 3000000000 is out of range" },
        { """{ "imageGCHighThresholdPercent": 101 }""", "spec.kubeletConfiguration.imageGCHighThresholdPercent: 101 is out of range 0..100" },
        { """{ "imageGCHighThresholdPercent": 80, "imageGCLowThresholdPercent": 80 }""", "spec.kubeletConfiguration.imageGCHighThresholdPercent: 80 must be greater than imageGCLowThresholdPercent (80)" },
        { """{ "cpuCFSQuota": "sometimes" }""", "spec.kubeletConfiguration.cpuCFSQuota: must be true or false" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_are_rejected_with_their_path(string kubeletJson, string error)
    {
        var result = ReadWith(kubeletJson);

        result.Value.Should().BeNull();
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass()
    {
        var result = ReadWith("""{ "maxPods": -1, "kubeReserved": { "gpu": "1" }, "cpuCFSQuota": 3 }""");

        result.Errors.Select(e => e.Path).Should().BeEquivalentTo(
            "spec.kubeletConfiguration.maxPods", "spec.kubeletConfiguration.kubeReserved.gpu", "spec.kubeletConfiguration.cpuCFSQuota");
    }

    [Fact]
    public void Flags_carry_every_field_and_read_back_the_same()
    {
        var kubelet = ReadWith(Full).Value!.Kubelet!;

        var line = KubeletFlags.Line(kubelet);

        line.Should().Be(
            "--cluster-dns=10.96.0.10,fd00::a --max-pods=20 --pods-per-core=4 "
            + "--system-reserved=cpu=100m,ephemeral-storage=1Gi,memory=512Mi,pid=1000 --kube-reserved=cpu=0.2,memory=1Gi "
            + "--eviction-hard=memory.available<500Mi,nodefs.available<15% --eviction-soft=memory.available<1Gi "
            + "--eviction-soft-grace-period=memory.available=1m30s --eviction-max-pod-grace-period=60 "
            + "--image-gc-high-threshold=85 --image-gc-low-threshold=80 --cpu-cfs-quota=false");
        KubeletFlags.Line(KubeletFlags.Parse(line + " --v=2 positional")).Should().Be(line);
    }

    [Fact]
    public void Malformed_known_flags_are_refused_when_read_back()
    {
        var act = () => KubeletFlags.Parse("--max-pods=twenty");

        act.Should().Throw<FormatException>().WithMessage("--max-pods=twenty*");
    }
}
