using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Cli;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>, installed by .ci/run) on a free
/// loopback port, scraping one target every second, queried through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _logs;
    private readonly string _folder;
    private readonly HttpClient _client;

    private PrometheusServer(Process process, Task logs, string folder, int port)
    {
        (_process, _logs, _folder) = (process, logs, folder);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        if (!Tool.Exists("prometheus"))
        {
            Assert.Fail("prometheus is not on PATH: install the Debian package prometheus (.ci/run does)");
        }

        var folder = Directory.CreateTempSubdirectory("schedext-prometheus-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: schedext
                static_configs:
                  - targets: ["{target.Host}:{target.Port}"]
            """);
        var process = Tool.Start(
            "prometheus",
            $"--config.file={Path.Combine(folder, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}");
        // Drained so a full pipe can never stall it.
        var logs = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        return new PrometheusServer(process, logs, folder, port);
    }

    /// <summary>Polls the instant-query API until the single result satisfies the condition (or 60 s pass); the last value seen.</summary>
    public async Task<double?> QueryUntilAsync(string query, Func<double, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        double? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var answer = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}"))!;
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

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _logs;
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
