using System.Diagnostics;
using SchedulerExtender.Local.KubeApi;
using Xunit.Abstractions;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>The real kubectl (v1.32) against the embedded API: discovery, lists and table output.</summary>
public sealed class KubectlTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("schedext-kubectl-").FullName;

    [KubectlFact]
    public async Task Kubectl_gets_nodes_pods_and_nodeclaims()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("node-a"));
        api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("spark-pi-driver", nodeName: "node-a", phase: "Running"));
        api.Store.Create(KubeResources.Pods, "kube-system", KubeObjects.Pod("coredns-1", "kube-system"));
        api.Store.Create(KubeResources.NodeClaims, null, KubeObjects.NodeClaim("spark-x7k2p"));

        var all = await KubectlAsync(api, "get", "nodes,pods", "-A");
        all.Should().Contain("node-a").And.Contain("spark-pi-driver").And.Contain("coredns-1").And.Contain("kube-system");
        all.Should().Contain("NAME").And.Contain("AGE");

        var claims = await KubectlAsync(api, "get", "nodeclaims");
        claims.Should().Contain("spark-x7k2p").And.Contain("NAME");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<string> KubectlAsync(EmbeddedKubeApi api, params string[] args)
    {
        var start = new ProcessStartInfo(KubectlFactAttribute.PathOfKubectl()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--server", api.BaseAddress.ToString().TrimEnd('/'), "--cache-dir", Path.Combine(_home, "cache"), "--request-timeout", "20s" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = Path.Combine(_home, "no-kubeconfig");
        start.Environment["HOME"] = _home;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"$ kubectl {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        process.ExitCode.Should().Be(0, await stderr);
        return await stdout;
    }
}
