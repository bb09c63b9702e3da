using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using SchedulerExtender.Local.Simulators.Spark;
using SchedulerExtender.Testing;
using Xunit.Abstractions;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Many concurrent HTTPS clients on <c>/mutate</c>, <c>/extender/filter</c> and
/// <c>/extender/prioritize</c> (full node lists, and NodeNames of the cluster's live nodes) while
/// the provisioner, the disruption controller and the simulated scheduler work in the same
/// process: every answer is a well-formed 200, every request finishes within a generous bound
/// (no deadlock), and the Spark jobs still complete and their nodes are consolidated away.
/// </summary>
public sealed class ConcurrentLoadTests(ITestOutputHelper output)
{
    private const int Clients = 16;
    private const int MinimumRequests = 3_000;
    private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Webhook_and_extender_under_concurrent_load_answer_every_request_while_provisioning_completes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var cluster = await RobustnessCluster.StartAsync(new Dictionary<string, string?>(), null, timeout.Token);
        var spark = cluster.Cluster.Simulators.Spark;
        var apps = new[]
        {
            await spark.SubmitAsync(new SparkApplicationSpec { Name = "load-a", Executors = 6, Duration = TimeSpan.FromSeconds(10) }, timeout.Token),
            await spark.SubmitAsync(new SparkApplicationSpec { Name = "load-b", Executors = 3, Duration = TimeSpan.FromSeconds(15) }, timeout.Token),
        };
        bool JobsDone() => apps.All(id => spark.Snapshot().Single(a => a.AppId == id).State is SparkApplicationState.Succeeded or SparkApplicationState.Failed);
        var liveNodes = new LiveNodeNames(cluster.Client);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var refresh = liveNodes.RunAsync(stopLoad.Token);
        var failures = new List<string>();
        var sent = 0;
        var nodesSeenUnderLoad = 0;
        var loadDeadline = DateTime.UtcNow.AddMinutes(4);

        await Parallel.ForAsync(0, Clients, timeout.Token, async (client, ct) =>
        {
            for (var i = client; (!JobsDone() || Volatile.Read(ref sent) < MinimumRequests) && DateTime.UtcNow < loadDeadline; i += Clients)
            {
                var names = liveNodes.Current;
                Interlocked.Exchange(ref nodesSeenUnderLoad, Math.Max(Volatile.Read(ref nodesSeenUnderLoad), names.Count));
                var (path, body, check) = Request(i, names);
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(RequestBound);
                string? problem;
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/json");
                    using var response = await cluster.Https.PostAsync(path, content, bound.Token);
                    var text = await response.Content.ReadAsStringAsync(bound.Token);
                    problem = response.StatusCode == HttpStatusCode.OK ? check(text) : $"status {(int)response.StatusCode}: {text}";
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    problem = $"no answer within {RequestBound.TotalSeconds} s";
                }

                Interlocked.Increment(ref sent);
                if (problem is not null)
                {
                    lock (failures)
                    {
                        failures.Add($"{path}: {problem}");
                    }
                }
            }
        });
        await stopLoad.CancelAsync();
        await refresh;
        var empty = await RobustnessCluster.WaitUntilAsync(async () => await cluster.LeftoversAsync(timeout.Token) == (0, 0, 0), TimeSpan.FromMinutes(3), timeout.Token);
        output.WriteLine($"{sent} requests from {Clients} clients; up to {nodesSeenUnderLoad} nodes meanwhile; {cluster.Ecs.LaunchHistory().Count} instances launched");

        failures.Take(20).Should().BeEmpty();
        sent.Should().BeGreaterThanOrEqualTo(MinimumRequests);
        nodesSeenUnderLoad.Should().BeGreaterThan(0, "the provisioner launched nodes while the load ran");
        spark.Snapshot().Should().OnlyContain(a => a.State == SparkApplicationState.Succeeded, string.Join("; ", spark.Snapshot().Select(a => $"{a.Name} {a.State} {a.Message}")));
        empty.Should().BeTrue($"consolidation leaves nothing behind; left (instances, nodes, claims) = {await cluster.LeftoversAsync(timeout.Token)}");
    }

    // Round robin over the three endpoints, the two extender modes and the Spark roles.
    private static (string Path, byte[] Body, Func<string, string?> Check) Request(int i, IReadOnlyList<string> liveNodes)
    {
        var role = (i / 5 % 3) switch { 0 => "driver", 1 => "executor", _ => "" };
        switch (i % 5)
        {
            case 0:
                var pod = role switch { "driver" => Pods.Driver(), "executor" => Pods.Executor(index: i), _ => Pods.Plain() };
                var review = Encoding.UTF8.GetBytes(AdmissionReviews.For(pod, uid: $"load-{i}").ToJsonString());
                return ("/mutate", review, answer => WebhookFuzzTests.CheckAnswer(review, answer));
            case 1 or 2:
                var path = i % 5 == 1 ? "/extender/filter" : "/extender/prioritize";
                var names = Encoding.UTF8.GetBytes(NamesArgs(SparkPod(role), [.. liveNodes, "not-a-node"]));
                return (path, names, answer => ExtenderAnswers.Check(path, names, answer));
            default:
                var fullPath = i % 5 == 3 ? "/extender/filter" : "/extender/prioritize";
                var full = Encoding.UTF8.GetBytes(FullArgs(SparkPod(role), Node("spot-1", "spot"), Node("od-1", "on-demand"), Node("gone-1", "spot", taints: DisruptedTaint)));
                return (fullPath, full, answer => ExtenderAnswers.Check(fullPath, full, answer));
        }
    }

    /// <summary>The names of the cluster's Nodes, re-listed every half second (what kube-scheduler would send in NodeNames mode).</summary>
    private sealed class LiveNodeNames(IKubernetes client)
    {
        private volatile IReadOnlyList<string> _current = [];

        public IReadOnlyList<string> Current => _current;

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    _current = [.. (await client.CoreV1.ListNodeAsync(cancellationToken: stop)).Items.Select(n => n.Metadata.Name)];
                    await Task.Delay(500, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }
}
