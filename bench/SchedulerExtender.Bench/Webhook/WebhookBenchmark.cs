using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Bench.Load;
using SchedulerExtender.Bench.Results;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Bench.Webhook;

/// <summary>
/// The webhook over loopback HTTPS with keep-alive, beside a floor endpoint on the same server that
/// only parses the body and returns a fixed "allowed" answer: the ratio is what our decision costs.
/// Each endpoint is measured at its maximum rate, then at half of that rate for latency, the two
/// endpoints in alternating rounds so that both see the same machine.
/// </summary>
public static class WebhookBenchmark
{
    private const string FixedAllowed = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"fixed","allowed":true}}""";

    public static async Task<BenchmarkFigures> RunAsync()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10", CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("schedext-bench-").FullName;
        var (cert, key) = SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var bodyFile = Path.Combine(folder, "driver-review.json");
        await File.WriteAllTextAsync(bodyFile, SparkDriverReview.Create().ToJsonString());
        Console.WriteLine($"Driver AdmissionReview: {new FileInfo(bodyFile).Length / 1024.0:F1} KB; load generator hey, keep-alive, HTTP/1.1 over TLS");

        var app = ServeApplication.Build(
            new ServeSettings { HttpsUrl = "https://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0", TlsCertPath = cert, TlsKeyPath = key },
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning),
            app => app.MapPost("/floor/mutate", FloorAsync).OnTlsListener());
        await app.StartAsync();
        try
        {
            var https = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https", StringComparison.Ordinal)));
            var (floor, webhook) = await MeasureAlternatingAsync(new Uri(https, "/floor/mutate"), new Uri(https, "/mutate"), bodyFile, seconds);
            return Figures(floor, webhook, new FileInfo(bodyFile).Length / 1024.0, seconds);
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

    /// <summary>
    /// Measures the floor and the webhook in alternating rounds (who goes first alternates too) and
    /// keeps each one's median round: on a shared machine the load drifts, and measuring one endpoint
    /// wholly after the other compared two different moments (once 235 % of the floor's throughput).
    /// </summary>
    private static async Task<((LoadResult Max, LoadResult Half) Floor, (LoadResult Max, LoadResult Half) Webhook)> MeasureAlternatingAsync(
        Uri floor, Uri webhook, string bodyFile, int seconds)
    {
        const int rounds = 3;
        const int maxWorkers = 16;
        const int halfWorkers = 8;
        var window = TimeSpan.FromSeconds(Math.Max(1, seconds / rounds));
        Console.WriteLine($"warm-up; then {rounds} alternating rounds of {window.TotalSeconds:0} s per endpoint at the maximum rate, and {rounds} at half of it");
        await Hey.PostAsync(floor, bodyFile, TimeSpan.FromSeconds(3), maxWorkers);
        await Hey.PostAsync(webhook, bodyFile, TimeSpan.FromSeconds(3), maxWorkers);

        var max = await RoundsAsync("maximum rate", _ => null);
        var half = await RoundsAsync("half rate", uri => (uri == floor ? max.Floor : max.Webhook).RequestsPerSecond / 2 / halfWorkers);
        return ((max.Floor, half.Floor), (max.Webhook, half.Webhook));

        async Task<(LoadResult Floor, LoadResult Webhook)> RoundsAsync(string phase, Func<Uri, double?> ratePerWorker)
        {
            var results = new Dictionary<Uri, List<LoadResult>> { [floor] = [], [webhook] = [] };
            Console.Write($"{phase}:");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var uri in round % 2 == 0 ? new[] { floor, webhook } : [webhook, floor])
                {
                    Console.Write(uri == floor ? " floor" : " webhook");
                    var workers = ratePerWorker(uri) is null ? maxWorkers : halfWorkers;
                    results[uri].Add(await Hey.PostAsync(uri, bodyFile, window, workers, ratePerWorker(uri)));
                }
            }

            Console.WriteLine();
            return (Median(results[floor]), Median(results[webhook]));
        }
    }

    /// <summary>Each figure's median over the rounds; requests and failures summed.</summary>
    private static LoadResult Median(List<LoadResult> runs)
    {
        static double Middle(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        return new LoadResult(Middle(runs.Select(r => r.RequestsPerSecond)), Middle(runs.Select(r => r.P50Ms)), Middle(runs.Select(r => r.P99Ms)),
            runs.Sum(r => r.Ok), runs.Sum(r => r.Failed));
    }

    private static BenchmarkFigures Figures((LoadResult Max, LoadResult Half) floor, (LoadResult Max, LoadResult Half) webhook, double bodyKiB, int seconds)
    {
        var ratio = webhook.Max.RequestsPerSecond / floor.Max.RequestsPerSecond;
        return new BenchmarkFigures(
            [Case("floor (parse only)", floor, 1), Case("/mutate", webhook, ratio)],
            [
                Aim.AtLeast(2, "/mutate throughput vs the parse-only floor's", ratio, 0.8, Aim.RatioUnit),
                Aim.Below(2, "/mutate p99 at half of its maximum rate", webhook.Half.P99Ms, 5, "ms"),
            ],
            string.Create(CultureInfo.InvariantCulture,
                $"a {bodyKiB:0.0} KiB Spark driver AdmissionReview over loopback HTTPS with keep-alive (hey, 16 connections at the maximum rate, then 8 at half of it), floor and webhook in 3 alternating rounds of {Math.Max(1, seconds / 3)} s each, median round; server and load generator share the cores."));
    }

    private static BenchmarkCase Case(string name, (LoadResult Max, LoadResult Half) r, double vsFloor) => BenchmarkCase.Of(name,
        ("maxRequestsPerSecond", r.Max.RequestsPerSecond), ("maxP50Ms", r.Max.P50Ms), ("maxP99Ms", r.Max.P99Ms),
        ("halfRateRequestsPerSecond", r.Half.RequestsPerSecond), ("halfRateP50Ms", r.Half.P50Ms), ("halfRateP99Ms", r.Half.P99Ms),
        ("errors", r.Max.Failed + r.Half.Failed), ("vsFloor", vsFloor));
}
