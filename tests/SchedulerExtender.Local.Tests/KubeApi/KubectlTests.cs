using System.Text.Json.Nodes;
using System.Diagnostics;
using SchedulerExtender.Local.KubeApi;
using Xunit.Abstractions;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>The real kubectl (v1.32) against the embedded API: discovery, lists and table output.</summary>
public sealed class KubectlTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("schedext-kubectl-").FullName;

    [KubectlFact]
    public async Task Kubectl_gets_nodes_pods_and_nodeclaims_as_tables()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("node-a"));
        api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("spark-pi-driver", nodeName: "node-a", phase: "Running"));
        api.Store.Create(KubeResources.Pods, "kube-system", KubeObjects.Pod("coredns-1", "kube-system"));
        var claim = KubeObjects.NodeClaim("spark-x7k2p");
        claim["metadata"]!["labels"]!["node.kubernetes.io/instance-type"] = "ecs.g7.xlarge";
        claim["metadata"]!["labels"]!["karpenter.sh/capacity-type"] = "spot";
        api.Store.Create(KubeResources.NodeClaims, null, claim);

        var all = Lines(await KubectlAsync(api, "get", "nodes,pods", "-A"));
        var claims = Lines(await KubectlAsync(api, "get", "nodeclaims"));
        var wide = Lines(await KubectlAsync(api, "get", "pods", "-o", "wide"));

        string[][] expected =
        [
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            ["node/node-a", "Ready", "<none>"],
            ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            ["default", "pod/spark-pi-driver", "0/1", "Running", "0"],
            ["kube-system", "pod/coredns-1", "0/1", "Pending", "0"],
        ];
        all.Should().HaveCount(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            all[i].Take(expected[i].Length).Should().Equal(expected[i]);
        }

        claims[0].Should().Equal("NAME", "TYPE", "CAPACITY", "ZONE", "NODE", "READY", "AGE");
        claims[1].Take(3).Should().Equal("spark-x7k2p", "ecs.g7.xlarge", "spot");
        wide[0].Should().Contain(["IP", "NODE"]);
        wide[1].Should().Contain("node-a");
    }

    [KubectlFact]
    public async Task Kubectl_describe_pod_shows_the_events_about_that_pod()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        var pod = api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("spark-pi-exec-1"));
        api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("spark-pi-exec-2"));
        JsonObject Event(string name, string pod, string? uid, string reason, string message) => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["namespace"] = "default", ["name"] = pod, ["uid"] = uid },
            ["type"] = "Normal",
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = "schedext-provisioner" },
            ["count"] = 1,
        };
        api.Store.Create(KubeResources.Events, "default", Event("e1", "spark-pi-exec-1", pod.Uid(), "Nominated", "Planned onto NodeClaim ecsnodepool-abcde"));
        api.Store.Create(KubeResources.Events, "default", Event("e2", "spark-pi-exec-2", null, "Nominated", "Planned onto NodeClaim ecsnodepool-other"));
        api.Store.Create(KubeResources.Events, "default", Event("e3", "spark-pi-exec-1", "an-earlier-pod", "FailedScheduling", "about a pod of the same name, deleted"));

        var described = await KubectlAsync(api, "describe", "pod", "spark-pi-exec-1");

        described.Should().Contain("Nominated").And.Contain("schedext-provisioner").And.Contain("Planned onto NodeClaim ecsnodepool-abcde")
            .And.NotContain("ecsnodepool-other").And.NotContain("deleted");
    }

    [KubectlFact]
    public async Task Kubectl_reports_missing_objects_from_the_Status()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();

        var (code, _, stderr) = await RunKubectlAsync(api, "get", "pod", "nope");

        code.Should().NotBe(0);
        stderr.Should().Contain("pods \"nope\" not found");
    }

    [KubectlFact]
    public async Task Kubectl_applies_and_deletes_a_NodePool()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        var manifest = Path.Combine(_home, "nodepool.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: ecsnodepool
            spec:
              template:
                spec:
                  nodeClassRef:
                    group: karpenter.k8s.alibabacloud
                    kind: ECSNodeClass
                    name: defaultnodeclass
            """);

        await KubectlAsync(api, "apply", "-f", manifest);
        await KubectlAsync(api, "label", "nodepool", "ecsnodepool", "team=spark");
        await File.AppendAllTextAsync(manifest, "\n  weight: 10\n");
        await KubectlAsync(api, "apply", "-f", manifest);
        var shown = Lines(await KubectlAsync(api, "get", "nodepools", "-o", "wide"));
        var applied = api.Store.Get(KubeResources.NodePools, null, "ecsnodepool");
        await KubectlAsync(api, "delete", "-f", manifest);

        shown[1].Take(2).Should().Equal("ecsnodepool", "defaultnodeclass");
        applied.LongAt("spec", "weight").Should().Be(10);
        applied.Labels().Should().Contain("team", "spark");
        api.Store.TryGet(KubeResources.NodePools, null, "ecsnodepool").Should().BeNull();
    }

    [KubectlFact]
    public async Task Kubectl_watch_prints_a_row_per_change()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("n1"));
        using var kubectl = Process.Start(KubectlStart(api, "get", "nodes", "--watch"))!;
        try
        {
            var lines = new List<string>();
            async Task ReadUntilAsync(string name)
            {
                while (!lines.Any(l => l.StartsWith(name + " ", StringComparison.Ordinal)))
                {
                    lines.Add(await kubectl.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("kubectl ended"));
                }
            }

            await ReadUntilAsync("n1");
            api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node("n2"));
            await ReadUntilAsync("n2");

            output.WriteLine(string.Join('\n', lines));
            Lines(string.Join('\n', lines)).Select(l => l.Take(2).ToArray()).Should().BeEquivalentTo(
                new[] { new[] { "NAME", "STATUS" }, ["n1", "Ready"], ["n2", "Ready"] }, o => o.WithStrictOrdering());
        }
        finally
        {
            kubectl.Kill();
        }
    }

    // Splits kubectl's column output into words per line, so assertions do not depend on padding or ages.
    private static List<string[]> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<string> KubectlAsync(EmbeddedKubeApi api, params string[] args)
    {
        var (code, stdout, stderr) = await RunKubectlAsync(api, args);
        code.Should().Be(0, stderr);
        return stdout;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunKubectlAsync(EmbeddedKubeApi api, params string[] args)
    {
        var start = KubectlStart(api, args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"$ kubectl {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        return (process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo KubectlStart(EmbeddedKubeApi api, params string[] args)
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

        // No kubeconfig of the machine's user may leak into the test.
        start.Environment["KUBECONFIG"] = Path.Combine(_home, "no-kubeconfig");
        start.Environment["HOME"] = _home;
        return start;
    }
}
