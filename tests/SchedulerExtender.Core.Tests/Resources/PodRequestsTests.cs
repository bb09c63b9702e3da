using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Tests.Resources;

public sealed class PodRequestsTests
{
    private static ResourceAmounts R(long milliCpu, long memory) => new(milliCpu, memory);

    public static TheoryData<string, ResourceAmounts[], ContainerRequests[], ResourceAmounts, ResourceAmounts> Cases => new()
    {
        { "containers sum", [R(500, 100), R(250, 50)], [], R(0, 0), R(750, 150) },
        { "no containers", [], [], R(0, 0), R(0, 0) },
        { "init container larger on cpu only", [R(500, 100)], [new(R(2000, 10))], R(0, 0), R(2000, 100) },
        { "init containers take the max, not the sum", [R(100, 100)], [new(R(300, 10)), new(R(200, 300))], R(0, 0), R(300, 300) },
        { "overhead added after the max", [R(100, 100)], [new(R(1000, 0))], R(50, 20), R(1050, 120) },
        { "sidecar adds to steady state", [R(100, 100)], [new(R(50, 50), IsRestartableInit: true)], R(0, 0), R(150, 150) },
        { "init after sidecar runs beside it", [R(100, 100)], [new(R(50, 50), IsRestartableInit: true), new(R(500, 10))], R(0, 0), R(550, 150) },
        { "init before sidecar runs alone", [R(100, 100)], [new(R(500, 10)), new(R(50, 50), IsRestartableInit: true)], R(0, 0), R(500, 150) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Computes_requests_as_kube_scheduler_does(string because, ResourceAmounts[] containers, ContainerRequests[] init, ResourceAmounts overhead, ResourceAmounts expected)
    {
        PodRequests.Compute(containers, init, overhead).Should().Be(expected, because);
    }
}
