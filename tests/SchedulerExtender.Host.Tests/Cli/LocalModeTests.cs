using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary>
/// <c>schedext serve --local</c> as a user runs it: a Spark driver pod created with the real
/// kubectl against the embedded API is mutated through <c>/mutate</c> over HTTPS, as in a cluster.
/// </summary>
public sealed class LocalModeTests
{
    private const string DriverPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: spark-pi-driver
          labels:
            spark-role: driver
            spark-app-selector: spark-0001
        spec:
          containers:
            - name: spark-kubernetes-driver
              image: spark:3.5.3
              resources:
                requests: {cpu: "1", memory: 896Mi}
        """;

    [Fact]
    public async Task Pods_created_with_kubectl_are_mutated_by_the_local_webhook()
    {
        if (!Tool.Exists("kubectl"))
        {
            Assert.Fail("kubectl is not on PATH (.ci/run installs it)");
        }

        using var serve = Tool.Start("dotnet", Path.Combine(AppContext.BaseDirectory, "schedext.dll"), "serve", "--local", "--https-url", "https://127.0.0.1:0", "--http-url", "http://127.0.0.1:0");
        try
        {
            var api = await Tool.ReadLineAfterAsync(serve, "Kubernetes API: ");
            var file = Path.Combine(Directory.CreateTempSubdirectory("schedext-local-").FullName, "driver.yaml");
            await File.WriteAllTextAsync(file, DriverPod);

            var (code, output) = await Tool.RunAsync("kubectl", "--server", api, "create", "-f", file, "-o", "json");

            code.Should().Be(0, output);
            var pod = JsonNode.Parse(output)!;
            pod["metadata"]!["annotations"]!["schedext.io/mutation"]!.GetValue<string>().Should().Be("role=driver policy=on-demand affinity=required");
            var expression = pod["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
            expression.ToJsonString().Should().Be("""{"key":"karpenter.sh/capacity-type","operator":"NotIn","values":["spot"]}""");
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }
}
