using k8s;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Kubernetes.Disruption;
using SchedulerExtender.Kubernetes.Provisioning;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Tests.Disruption;

/// <summary>
/// A spot reclaim in the middle of a Spark job, on <c>serve --local</c> in process (webhook,
/// extender, provisioner, disruption controller, ECS emulator, scheduler, kubelet and Spark
/// simulators) with every delay shortened.
/// </summary>
public sealed class SpotReclaimScenarioTests
{
    [Fact]
    public async Task A_spot_reclaim_mid_job_decommissions_the_executors_launches_a_replacement_and_the_job_completes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = await QuickLocalCluster.StartAsync(new Dictionary<string, string?>(), timeout.Token);
        var spark = cluster.Simulators.Spark;
        var appId = await spark.SubmitAsync(new SparkApplicationSpec { Name = "etl", Executors = 4, Duration = TimeSpan.FromSeconds(12) }, timeout.Token);
        SparkApplicationSnapshot App() => spark.Snapshot().Single(a => a.AppId == appId);

        // Mid-job: every executor runs and work is being done.
        await WaitAsync(() => Task.FromResult(App() is { State: SparkApplicationState.Running, ExecutorsRunning: 4, WorkDone: > 0 }), "every executor running", timeout.Token);
        var app = App();
        app.WorkDone.Should().BeLessThan(app.WorkTotal, "the reclaim comes mid-job");
        var executorNode = app.Placements.First(p => p.Role == "executor").Node;
        var node = await cluster.Client.CoreV1.ReadNodeAsync(executorNode, cancellationToken: timeout.Token);
        node.Metadata.Labels["karpenter.sh/capacity-type"].Should().Be("spot", "the webhook sends executors to spot");
        var instanceId = node.Spec.ProviderID[(node.Spec.ProviderID.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var reclaimedClaim = cluster.Ecs.Emulator.ListInstances().Single(i => i.InstanceId == instanceId).Tags["karpenter.sh/nodeclaim"];
        var executorsOnNode = app.Placements.Count(p => p.Role == "executor" && p.Node == executorNode);

        cluster.Ecs.Emulator.ReclaimInstance(instanceId);

        // The replacement claim names the reclaimed one; it is launched and becomes a node.
        var replacementLaunched = false;
        await WaitAsync(async () =>
        {
            var claims = await new NodeClaimStore(cluster.Client).ListAsync((_, _) => { }, timeout.Token);
            replacementLaunched |= claims.Any(c => c.Annotations.TryGetValue(DisruptionAnnotations.ReplacementFor, out var replaced) && replaced == reclaimedClaim && c.ProviderId is not null);
            return replacementLaunched && App().State is SparkApplicationState.Succeeded or SparkApplicationState.Failed;
        }, "a replacement launched and the job finished", timeout.Token);

        var finished = App();
        finished.State.Should().Be(SparkApplicationState.Succeeded);
        finished.WorkDone.Should().BeGreaterThanOrEqualTo(finished.WorkTotal);
        finished.ExecutorsDecommissioned.Should().BeGreaterThanOrEqualTo(executorsOnNode, "the reclaimed node's executors were evicted gracefully (SIGTERM, decommission)");
        finished.ExecutorsLost.Should().Be(0, "no executor died abruptly: the drain came well within the notice");
        finished.Placements.Where(p => p.Role == "executor").Select(p => p.Node).Should().Contain(n => n != executorNode, "lost executors were asked for again and ran elsewhere");
        (await cluster.Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: timeout.Token)).Items
            .Should().Contain(e => e.InvolvedObject.Name == reclaimedClaim && e.Reason == "SpotReclaimed");

        // Once the job is done consolidation removes everything: no orphan instance, node or claim.
        await WaitAsync(async () =>
            cluster.Ecs.Emulator.ListInstances().Count == 0
            && (await cluster.Client.CoreV1.ListNodeAsync(cancellationToken: timeout.Token)).Items.Count == 0
            && (await new NodeClaimStore(cluster.Client).ListAsync((_, _) => { }, timeout.Token)).Count == 0, "every node gone", timeout.Token);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for: {what}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
