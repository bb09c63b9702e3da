using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Kubernetes.Leadership;
using SchedulerExtender.Local.KubeApi;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Kubernetes.Tests.Leadership;

public sealed class LeaderElectedRunnerTests
{
    private static LeaderElectionSettings Settings(string identity) => new()
    {
        LeaseNamespace = "kube-system",
        LeaseName = "schedext-provisioner",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task Only_one_replica_leads_and_the_other_takes_over_when_it_stops()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var working = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var overlaps = 0;

        Func<CancellationToken, Task> Work(string identity) => async ct =>
        {
            working[identity] = 1;
            if (working.Count > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                working.TryRemove(identity, out _);
            }
        };

        var a = new LeaderElectedRunner(client, Settings("a"), NullLogger<LeaderElectedRunner>.Instance);
        var b = new LeaderElectedRunner(client, Settings("b"), NullLogger<LeaderElectedRunner>.Instance);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(Work("a"), stopA.Token);
        await Eventually.HoldsAsync(() => working.ContainsKey("a"), "a leads");
        var runB = b.RunAsync(Work("b"), stopB.Token);
        await Task.Delay(500);
        working.Keys.Should().Equal("a");
        b.IsLeader.Should().BeFalse();

        await stopA.CancelAsync();
        await runA;
        await Eventually.HoldsAsync(() => working.ContainsKey("b"), "b takes over once a's lease expires");

        a.IsLeader.Should().BeFalse();
        b.IsLeader.Should().BeTrue();
        overlaps.Should().Be(0);
        await stopB.CancelAsync();
        await runB;
        working.Should().BeEmpty("stopping cancels the leader's work");
    }

    [Fact]
    public async Task Stepping_down_at_shutdown_is_not_reported_as_a_lost_lease()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = KubeClients.For(api);
        var logs = new RecordingLoggerProvider();
        var runner = new LeaderElectedRunner(client, Settings("only"), logs.For<LeaderElectedRunner>());
        using var stop = new CancellationTokenSource();
        var leading = false;
        var run = runner.RunAsync(async ct => { leading = true; await Task.Delay(Timeout.Infinite, ct); }, stop.Token);
        await Eventually.HoldsAsync(() => leading, "the only replica leads");

        await stop.CancelAsync();
        await run;

        logs.Lines.Should().NotContain(line => line.Contains("lost the lease", StringComparison.Ordinal));
    }
}
