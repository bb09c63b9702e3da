using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class NodeReservationTests
{
    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 70)]
    [InlineData(4, 80)]
    [InlineData(8, 90)]
    [InlineData(64, 230)]
    public void Cpu_follows_ACKs_tiers(double vcpu, long reservedMilli) =>
        NodeReservation.ReservedMilliCpu(vcpu).Should().Be(reservedMilli);

    [Theory]
    [InlineData(2048, 512)]   // 25 % of memory is less than 11 × 110 + 255
    [InlineData(16384, 1465)] // 11 MiB × 110 pods + 255 MiB
    public void Memory_is_the_smaller_of_the_pod_formula_and_a_quarter(double memoryMiB, long reservedMiB) =>
        NodeReservation.Ack.ReservedMemoryMiB(memoryMiB).Should().Be(reservedMiB);

    [Fact]
    public void Allocatable_subtracts_reservation_eviction_and_guest_memory()
    {
        var type = new InstanceType("ecs.e-c1m2.2xlarge", "ecs.e-c1m2", "amd64", 8, 16, 0, []);
        var a = NodeReservation.Ack.Allocatable(type, 20L * 1024 * 1024 * 1024);

        a.MilliCpu.Should().Be(8000 - 90);
        (a.MemoryBytes / (1024 * 1024)).Should().Be((long)((16384 * 0.95) - 1465 - 100));
        a.Pods.Should().Be(110);
        a.EphemeralStorageBytes.Should().Be(18L * 1024 * 1024 * 1024);
    }

    private const double MiB = 1024 * 1024;
    private const long GiB = 1024L * 1024 * 1024;

    /// <summary>8 vCPU, 16 GiB: capacity 16384 × 0.95 = 15564.8 MiB; ACK keeps 90m and 11 × 110 + 255 = 1465 MiB, eviction 100 MiB.</summary>
    private static readonly InstanceType Eight = new("ecs.c7.2xlarge", "ecs.c7", "amd64", 8, 16, 0, []);

    public static TheoryData<string, KubeletConfiguration, long, double, long, long> KubeletRows() => new()
    {
        // case, kubelet settings, cpu (m), memory (MiB), ephemeral (bytes of a 20 GiB disk), pods
        { "nothing set: ACK", KubeletConfiguration.Empty, 8000 - 90, 15564.8 - 1465 - 100, 18 * GiB, 110 },
        // 11 × 20 + 255 = 475 MiB
        { "maxPods 20 shrinks ACK's memory formula", new() { MaxPods = 20 }, 7910, 15564.8 - 475 - 100, 18 * GiB, 20 },
        // min(110, 2 × 8) = 16 pods; 11 × 16 + 255 = 431 MiB
        { "podsPerCore 2 caps pods at 16", new() { PodsPerCore = 2 }, 7910, 15564.8 - 431 - 100, 18 * GiB, 16 },
        // min(10, 4 × 8) = 10 pods; 11 × 10 + 255 = 365 MiB
        { "maxPods under podsPerCore wins", new() { MaxPods = 10, PodsPerCore = 4 }, 7910, 15564.8 - 365 - 100, 18 * GiB, 10 },
        { "podsPerCore 0 is no cap", new() { PodsPerCore = 0 }, 7910, 15564.8 - 1465 - 100, 18 * GiB, 110 },
        // 200m + 300m in place of ACK's 90m; memory keeps ACK's formula
        { "cpu reserved replaces ACK's cpu only", new() { KubeReserved = Map(("cpu", "200m")), SystemReserved = Map(("cpu", "0.3")) }, 7500, 15564.8 - 1465 - 100, 18 * GiB, 110 },
        // 1 GiB + 512 MiB = 1536 MiB in place of 1465 MiB; cpu keeps ACK's 90m
        { "memory reserved replaces ACK's memory only", new() { KubeReserved = Map(("memory", "1Gi")), SystemReserved = Map(("memory", "512Mi")) }, 7910, 15564.8 - 1536 - 100, 18 * GiB, 110 },
        { "a large systemReserved", new() { SystemReserved = Map(("cpu", "2"), ("memory", "4Gi")) }, 6000, 15564.8 - 4096 - 100, 18 * GiB, 110 },
        // 20 GiB − 2 GiB reserved − 10 % (2 GiB) = 16 GiB
        { "ephemeral storage reserved", new() { KubeReserved = Map(("ephemeral-storage", "2Gi")) }, 7910, 15564.8 - 1465 - 100, 16 * GiB, 110 },
        { "memory.available 500Mi replaces 100 MiB", new() { EvictionHard = Map(("memory.available", "500Mi")) }, 7910, 15564.8 - 1465 - 500, 18 * GiB, 110 },
        // 10 % of 15564.8 MiB = 1556.48 MiB
        { "memory.available 10% of capacity", new() { EvictionHard = Map(("memory.available", "10%")) }, 7910, 15564.8 - 1465 - 1556.48, 18 * GiB, 110 },
        // 20 GiB × 0.85 = 17 GiB
        { "nodefs.available 15% replaces 10 %", new() { EvictionHard = Map(("nodefs.available", "15%")) }, 7910, 15564.8 - 1465 - 100, 17 * GiB, 110 },
        { "nodefs.available 1Gi", new() { EvictionHard = Map(("nodefs.available", "1Gi")) }, 7910, 15564.8 - 1465 - 100, 19 * GiB, 110 },
        { "100% disables the threshold", new() { EvictionHard = Map(("memory.available", "100%")) }, 7910, 15564.8 - 1465, 18 * GiB, 110 },
        { "soft eviction and pid reserve nothing", new() { EvictionSoft = Map(("memory.available", "2Gi")), SystemReserved = Map(("pid", "1000")) }, 7910, 15564.8 - 1465 - 100, 18 * GiB, 110 },
    };

    [Theory]
    [MemberData(nameof(KubeletRows))]
    public void Kubelet_settings_follow_the_kubelets_allocatable_rule(string because, KubeletConfiguration kubelet, long milliCpu, double memoryMiB, long ephemeralBytes, long pods)
    {
        var a = NodeReservation.Ack.WithKubelet(kubelet).Allocatable(Eight, 20 * GiB);

        a.MilliCpu.Should().Be(milliCpu, because);
        (a.MemoryBytes / MiB).Should().BeApproximately(memoryMiB, 0.001, because);
        a.EphemeralStorageBytes.Should().Be(ephemeralBytes, because);
        a.Pods.Should().Be(pods, because);
    }

    [Fact]
    public void Settings_that_change_nothing_keep_the_very_instance()
    {
        // The solver prepares types once per reservation instance: the common path must not prepare twice.
        var unchanged = new KubeletConfiguration { EvictionSoft = Map(("memory.available", "1Gi")), CpuCfsQuota = false, MaxPods = 110 };

        NodeReservation.Ack.WithKubelet(null).Should().BeSameAs(NodeReservation.Ack);
        NodeReservation.Ack.WithKubelet(unchanged).Should().BeSameAs(NodeReservation.Ack);
        NodeReservation.Ack.WithKubelet(new KubeletConfiguration { MaxPods = 20 }).Should().NotBeSameAs(NodeReservation.Ack)
            .And.Be(NodeReservation.Ack.WithKubelet(new KubeletConfiguration { MaxPods = 20 }));
    }

    [Fact]
    public void Capacity_reports_the_pod_slots_of_the_type()
    {
        var reservation = NodeReservation.Ack.WithKubelet(new KubeletConfiguration { PodsPerCore = 3 });

        reservation.Capacity(Eight, 20 * GiB).Should().Be(new Core.Resources.ResourceAmounts(8000, 16 * GiB, 20 * GiB, 24));
    }

    private static SortedDictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
