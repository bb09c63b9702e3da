using System.Diagnostics;
using System.Net;
using System.Text;
using SchedulerExtender.Bench.Extender;

namespace SchedulerExtender.Bench.Tests;

/// <summary>
/// The extender benchmark's server in its child process: it serves at the address and with the
/// certificate it announces, and it is gone once the benchmark is done with it. No timing is measured.
/// </summary>
public sealed class BenchServerProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Child_serves_the_announced_address_and_certificate_with_workstation_gc_and_exits_when_disposed()
    {
        Process child;
        await using (var server = await BenchServerProcess.StartAsync(100, cpus: null, StartTimeout))
        {
            child = Process.GetProcessById(server.ProcessId);
            server.GcMode.Should().Be("workstation-concurrent");
            using var client = TrustingOnly(server.CertificateThumbprint);
            using var response = await client.PostAsync(new Uri(server.Address, "floor"),
                new StringContent("""{"Pod":{},"Nodes":null,"NodeNames":["cn-hangzhou.i-bp100000000"]}""", Encoding.UTF8, "application/json"));

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("cn-hangzhou.i-bp100000000");
            using var received = await client.PostAsync(new Uri(server.Address, "receive"), new StringContent("{}", Encoding.UTF8, "application/json"));
            (await received.Content.ReadAsStringAsync()).Should().Be("[]", "the receive-only floor answers an empty list");

            // The server's own time per call, read from its metrics as the benchmark reads it around a measurement.
            using var metrics = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            var before = await ServerTimes.ReadAsync(metrics, server.MetricsAddress);
            using var filtered = await client.PostAsync(new Uri(server.Address, "extender/filter"),
                new StringContent("""{"Pod":{"metadata":{"name":"p"}},"Nodes":null,"NodeNames":["cn-hangzhou.i-bp100000000"]}""", Encoding.UTF8, "application/json"));
            filtered.StatusCode.Should().Be(HttpStatusCode.OK);
            var after = await ServerTimes.ReadAsync(metrics, server.MetricsAddress);
            after.MeanMsSince(before, "filter").Should().BePositive();
            after.MeanMsSince(before, "prioritize").Should().BeNull("no prioritize call was made in between");
            child.HasExited.Should().BeFalse();
        }

        using (child)
        {
            child.HasExited.Should().BeTrue("disposing waits until the child has stopped");
        }
    }

    [Fact]
    public async Task A_child_that_cannot_start_fails_with_the_reason()
    {
        // No machine has CPU 100000: taskset refuses, or is missing; either way the error says so.
        var start = () => BenchServerProcess.StartAsync(100, cpus: "100000", StartTimeout);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("taskset");
    }

    private static HttpClient TrustingOnly(string thumbprint)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint;
        return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(1) };
    }
}
