using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using SchedulerExtender.Host.Tests.Demo;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Testing;
using static SchedulerExtender.Host.Tests.Extender.KubeSchedulerJson;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>
/// <c>schedext serve --local</c>: the preempt verb finds drivers by UID in the pod cache it keeps of
/// the embedded Kubernetes API, through the same KubernetesClient wiring as in a cluster.
/// </summary>
public sealed class ExtenderPreemptLocalModeTests
{
    [Fact]
    public async Task A_driver_created_through_the_local_api_is_spared_from_preemption()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var folder = Directory.CreateTempSubdirectory("schedext-preempt-").FullName;
        await using var cluster = await QuickLocalCluster.StartAsync(folder, new Dictionary<string, string?>(), adjust: null, timeout.Token);
        using var https = new HttpClient(RunningServer.TrustingHandler(folder)) { BaseAddress = cluster.TlsUrl };
        var driver = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            KubernetesJson.Deserialize<V1Pod>(Pods.Driver(app: "etl").ToJsonString()), "default", cancellationToken: timeout.Token);
        var executor = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            KubernetesJson.Deserialize<V1Pod>(Pods.Executor(app: "etl").ToJsonString()), "default", cancellationToken: timeout.Token);
        var args = MetaVictimsArgs(SparkPod(""), ("node-a", [driver.Metadata.Uid], 0), ("node-b", [executor.Metadata.Uid], 0));

        async Task<string> Preempt()
        {
            using var response = await https.PostAsync("/extender/preempt", new StringContent(args, Encoding.UTF8, "application/json"), timeout.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return await response.Content.ReadAsStringAsync(timeout.Token);
        }

        var expected = "{\"NodeNameToMetaVictims\":{\"node-b\":{\"Pods\":[{\"UID\":\"" + executor.Metadata.Uid + "\"}],\"NumPDBViolations\":0}}}";
        await Eventually.HoldsAsync(async () => await Preempt() == expected, "the driver's candidate is taken out once the pod cache has the driver");
    }
}
