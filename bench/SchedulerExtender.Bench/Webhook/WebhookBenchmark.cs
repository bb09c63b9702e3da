using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Bench.Load;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Bench.Webhook;

/// <summary>
/// The webhook over loopback HTTPS with keep-alive, beside a floor endpoint on the same server that
/// only parses the body and returns a fixed "allowed" answer: the ratio is what our decision costs.
/// Each endpoint is measured at its maximum rate, then at half of that rate for latency.
/// </summary>
public static class WebhookBenchmark
{
    private const string FixedAllowed = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"fixed","allowed":true}}""";

    public static async Task<int> RunAsync()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10", CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("schedext-bench-").FullName;
        var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var bodyFile = Path.Combine(folder, "driver-review.json");
        await File.WriteAllTextAsync(bodyFile, SparkDriverReview.Create().ToJsonString());
        Console.WriteLine($"Driver AdmissionReview: {new FileInfo(bodyFile).Length / 1024.0:F1} KB; {seconds} s per run; load generator hey, keep-alive, HTTP/1.1 over TLS");

        var app = ServeApplication.Build(
            new ServeSettings { HttpsUrl = "https://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0", TlsCertPath = cert, TlsKeyPath = key },
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning),
            app => app.MapPost("/floor/mutate", FloorAsync).OnTlsListener());
        await app.StartAsync();
        try
        {
            var https = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https", StringComparison.Ordinal)));
            var floor = await MeasureAsync(new Uri(https, "/floor/mutate"), bodyFile, seconds);
            var webhook = await MeasureAsync(new Uri(https, "/mutate"), bodyFile, seconds);
            Report(floor, webhook);
            await WriteResultsAsync(floor, webhook);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FloorAsync(HttpContext context)
    {
        var (_, status, error) = await JsonRequestBody.ReadAsync(context);
        if (error is not null)
        {
            await RequestBody.WriteErrorAsync(context.Response, status, error);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FixedAllowed);
    }

    private static async Task<(LoadResult Max, LoadResult Half)> MeasureAsync(Uri url, string bodyFile, int seconds)
    {
        Console.Write($"{url.AbsolutePath}: warm-up");
        await Hey.PostAsync(url, bodyFile, TimeSpan.FromSeconds(3), workers: 16);
        Console.Write(", maximum rate");
        var max = await Hey.PostAsync(url, bodyFile, TimeSpan.FromSeconds(seconds), workers: 16);
        const int halfWorkers = 8;
        Console.WriteLine(", half rate");
        var half = await Hey.PostAsync(url, bodyFile, TimeSpan.FromSeconds(seconds), halfWorkers, max.RequestsPerSecond / 2 / halfWorkers);
        return (max, half);
    }

    private static void Report((LoadResult Max, LoadResult Half) floor, (LoadResult Max, LoadResult Half) webhook)
    {
        Console.WriteLine();
        Console.WriteLine("| endpoint | max req/s | p50 ms | p99 ms | half-rate req/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in new[] { ("floor (parse only)", floor), ("/mutate", webhook) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Max.RequestsPerSecond:F0} | {r.Max.P50Ms:F2} | {r.Max.P99Ms:F2} | {r.Half.RequestsPerSecond:F0} | {r.Half.P50Ms:F2} | {r.Half.P99Ms:F2} | {r.Max.Failed + r.Half.Failed} |"));
        }

        var ratio = webhook.Max.RequestsPerSecond / floor.Max.RequestsPerSecond;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhook / floor throughput: {ratio:P0} (aim ≥ 80%: {(ratio >= 0.8 ? "met" : "NOT met")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhook p99 at half rate: {webhook.Half.P99Ms:F2} ms (aim < 5 ms: {(webhook.Half.P99Ms < 5 ? "met" : "NOT met")})"));
    }

    private static async Task WriteResultsAsync((LoadResult Max, LoadResult Half) floor, (LoadResult Max, LoadResult Half) webhook)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "webhook.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            date = DateTimeOffset.UtcNow,
            machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            floor = new { max = floor.Max, half = floor.Half },
            webhook = new { max = webhook.Max, half = webhook.Half },
            throughputRatio = webhook.Max.RequestsPerSecond / floor.Max.RequestsPerSecond,
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"results: {path}");
    }
}
