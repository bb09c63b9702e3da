using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Cli;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Host.Tests.Webhook;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// Our metrics as Prometheus itself sees them: promtool finds nothing to report in /metrics, and a
/// real Prometheus server (Debian package <c>prometheus</c>, installed by .ci/run) scrapes the
/// service and answers PromQL over its HTTP API.
/// </summary>
public sealed class PrometheusTests
{
    [Fact]
    public async Task Promtool_finds_nothing_to_report_in_our_metrics()
    {
        RequireTool("promtool");
        await using var server = await RunningServer.StartAsync();
        await SendTrafficAsync(server);
        var metrics = await server.Http.GetStringAsync("/metrics");

        using var promtool = Tool.Start("promtool", "check", "metrics");
        await promtool.StandardInput.WriteAsync(metrics);
        promtool.StandardInput.Close();
        var report = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();

        promtool.ExitCode.Should().Be(0, report);
        report.Trim().Should().BeEmpty();
        metrics.Should().Contain("schedext_webhook_admissions_total").And.Contain("schedext_extender_request_duration_seconds");
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_service_and_answers_queries()
    {
        RequireTool("prometheus");
        await using var server = await RunningServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("schedext-prometheus-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: schedext
                static_configs:
                  - targets: ["{server.HttpBase.Host}:{server.HttpBase.Port}"]
            """);
        using var prometheus = Tool.Start(
            "prometheus",
            $"--config.file={Path.Combine(folder, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}");
        // Drained so a full pipe can never stall the server.
        var logs = Task.WhenAll(prometheus.StandardOutput.ReadToEndAsync(), prometheus.StandardError.ReadToEndAsync());
        try
        {
            await SendTrafficAsync(server);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            var mutated = await QueryUntilAsync(client, "sum(schedext_webhook_admissions_total{outcome=\"mutated\"})", v => v == 2);
            var up = await QueryUntilAsync(client, "up{job=\"schedext\"}", v => v == 1);

            up.Should().Be(1, "Prometheus must reach /metrics");
            mutated.Should().Be(2);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            await logs;
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static async Task SendTrafficAsync(RunningServer server)
    {
        await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Driver()));
        await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Executor()));
        var args = new JsonObject { ["Pod"] = Pods.Executor(), ["NodeNames"] = new JsonArray("node-a") };
        using var response = await server.Https.PostAsync("/extender/filter", new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // Polls the instant-query API until the single result satisfies the condition (or 60 s pass).
    private static async Task<double?> QueryUntilAsync(HttpClient client, string query, Func<double, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        double? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var answer = JsonNode.Parse(await client.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}"))!;
                var result = answer["data"]?["result"]?.AsArray();
                if (result is { Count: 1 })
                {
                    last = double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    if (done(last.Value))
                    {
                        return last;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        return last;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RequireTool(string name)
    {
        if (!Tool.Exists(name))
        {
            Assert.Fail($"{name} is not on PATH: install the Debian package prometheus (.ci/run does)");
        }
    }
}
