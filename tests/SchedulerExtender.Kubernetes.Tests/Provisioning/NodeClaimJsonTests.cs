using SchedulerExtender.Core.Resources;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Tests.Provisioning;

public sealed class NodeClaimJsonTests
{
    [Theory]
    [InlineData(4_000, 16L << 30, 40L << 30, 110, "4", "16Gi", "40Gi", "110")]
    [InlineData(1_500, 1536L << 20, (40L << 30) + 512, 8, "1500m", "1536Mi", "42949673472", "8")]
    public void Capacity_and_requests_are_written_as_the_canonical_quantities_kubectl_shows(
        long milliCpu, long memory, long storage, long pods, string cpu, string memoryText, string storageText, string podsText)
    {
        var json = NodeClaimJson.Quantities(new ResourceAmounts(milliCpu, memory, storage, pods));

        json.Select(p => (p.Key, p.Value!.GetValue<string>())).Should().Equal(
            ("cpu", cpu), ("memory", memoryText), ("ephemeral-storage", storageText), ("pods", podsText));
    }
}
