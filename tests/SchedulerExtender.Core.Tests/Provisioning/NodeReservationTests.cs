using SchedulerExtender.Core.Catalog;
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
}
