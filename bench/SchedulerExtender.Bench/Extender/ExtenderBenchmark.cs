using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// `make bench-extender`: filter and prioritize over loopback HTTPS with keep-alive, at 100, 1,000
/// and 5,000 nodes, in full-list and NodeNames mode, beside two floors (<see cref="FloorEndpoint"/>:
/// parse only, receive only), measured the same way. The server runs in a child process
/// (<see cref="BenchServerProcess"/>), as the extender runs apart from kube-scheduler;
/// BENCH_SERVER_CPUS pins it to CPUs. Latency: one client on one
/// kept-alive connection, calls in sequence, as kube-scheduler calls an extender (once per pod per
/// verb, inside its single scheduling cycle), over HTTP/1.1 or, with BENCH_HTTP=2, over HTTP/2 as
/// kube-scheduler negotiates it (see <see cref="Client"/>), after a warm-up long enough for the JIT
/// to finish (BENCH_WARMUP_SECONDS, see <see cref="WarmUp"/>). Throughput: the same calls from
/// BENCH_CONCURRENCY clients at once, each on its own connection (HTTP/2: all on one). Besides, the
/// handler in-process (<see cref="InProcessProfile"/>): CPU time and allocations per call, which a
/// busy shared machine does not distort the way it distorts wall-clock percentiles.
/// BENCH_PROFILE=1: in-process only; BENCH_PROFILE=0: HTTPS only. Returns every case and issue #3's
/// aims, which are set at 5,000 nodes.
/// </summary>
internal static class ExtenderBenchmark
{
    private const string ExecutorPod = """{"metadata":{"name":"spark-pi-exec-1","namespace":"spark","labels":{"spark-app-selector":"spark-5d1e","spark-role":"executor"},"annotations":{}},"spec":{"containers":[{"name":"spark-kubernetes-executor","image":"apache/spark:3.5.1","resources":{"limits":{"memory":"1408Mi"},"requests":{"cpu":"1","memory":"1408Mi"}}}],"restartPolicy":"Never","schedulerName":"default-scheduler"},"status":{"phase":"Pending","qosClass":"Burstable"}}""";

    /// <summary>How the per-pod case is named after its mode and size.</summary>
    public const string PodCase = "pod (filter + prioritize)";

    private static readonly string[] Endpoints = ["floor", "extender/filter", "extender/prioritize", "receive"];

    public static async Task<BenchmarkFigures> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100, 1_000, 5_000];
        var seconds = double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "3", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Environment.GetEnvironmentVariable("BENCH_CONCURRENCY") ?? "4", CultureInfo.InvariantCulture);
        var warmUp = double.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS") ?? "6", CultureInfo.InvariantCulture);
        var profile = Environment.GetEnvironmentVariable("BENCH_PROFILE");
        var http2 = Environment.GetEnvironmentVariable("BENCH_HTTP") == "2";
        var (inProcess, http) = (profile != "0", profile != "1");
        var cases = new List<BenchmarkCase>();
        var aims = new List<Aim>();
        var cpus = Environment.GetEnvironmentVariable(BenchServerProcess.CpusVariable);
        if (http && !string.IsNullOrWhiteSpace(cpus))
        {
            BenchServerProcess.Taskset(cpus); // fail now rather than after the first in-process profile
        }

        var processors = Environment.GetEnvironmentVariable(BenchServerProcess.ProcessorCountVariable);
        var seen = string.IsNullOrWhiteSpace(processors) ? "" : $", its runtime told it has {processors} processor(s)";
        var server = $"server in its own process, workstation concurrent GC, {BenchServerProcess.Pinning(cpus)}{seen} ({BenchServerProcess.CpusVariable}={cpus ?? "unset"}, {BenchServerProcess.ProcessorCountVariable}={processors ?? "unset"})";
        Console.WriteLine($"extender benchmark on {Environment.ProcessorCount} cores, load average {LoadAverage.Now()} (BENCH_SECONDS={seconds}, BENCH_WARMUP_SECONDS={warmUp}, BENCH_CONCURRENCY={concurrency}, BENCH_PROFILE={profile ?? "both"}, BENCH_HTTP={(http2 ? "2" : "1.1")}; {server})");
        foreach (var size in sizes)
        {
            // The benchmark's own copy of the cluster only makes the request bodies and feeds the
            // in-process profile; it is gone before the HTTPS measurements, whose server builds its own.
            var bodies = new List<(string Mode, byte[] Body)>();
            using (var cluster = new BenchCluster(size))
            {
                bodies.Add(("names", Encoding.UTF8.GetBytes($$"""{"Pod":{{ExecutorPod}},"Nodes":null,"NodeNames":[{{string.Join(',', cluster.Names.Select(n => $"\"{n}\""))}}]}""")));
                bodies.Add(("full", Encoding.UTF8.GetBytes($$"""{"Pod":{{ExecutorPod}},"Nodes":{"metadata":{},"items":[{{cluster.NodeItemsJson}}]},"NodeNames":null}""")));
                if (inProcess)
                {
                    foreach (var (mode, body) in bodies)
                    {
                        cases.AddRange(InProcessProfile.Run(cluster, mode, body));
                    }
                }
            }

            if (!http)
            {
                continue;
            }

            await using var child = await BenchServerProcess.StartAsync(size, cpus, TimeSpan.FromMinutes(2));
            Console.WriteLine($"  server pid {child.ProcessId} at {child.Address}: {child.GcMode} GC, {child.Cores} core(s) seen, {BenchServerProcess.Pinning(cpus)}");
            using var sequentialClient = Client(child.CertificateThumbprint, 1, http2);
            using var concurrentClient = Client(child.CertificateThumbprint, concurrency, http2);
            using var metricsClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (mode, bytes) in bodies)
            {
                var uris = Endpoints.Select(e => new Uri(child.Address, e)).ToArray();
                var firstSecond = await WarmUp(sequentialClient, concurrentClient, uris, bytes, concurrency, warmUp);
                var load = LoadAverage.Now();
                var timesBefore = await ServerTimes.ReadAsync(metricsClient, child.MetricsAddress);
                var latencies = await MeasureSequential(sequentialClient, uris, bytes, seconds * uris.Length);
                var serverTimes = await ServerTimes.ReadAsync(metricsClient, child.MetricsAddress);
                var rates = await MeasureConcurrent(concurrentClient, uris, bytes, seconds * uris.Length, concurrency);
                Console.WriteLine($"  https {mode} {size} nodes, request {bytes.Length / 1024.0:0} KiB, load average {load} -> {LoadAverage.Now()}");
                Console.WriteLine($"    {"endpoint",-11} {"seq p50 ms",10} {"seq p99 ms",10} {"server ms",9} {"seq calls/s",11} {"x" + concurrency + " calls/s",11} {"vs floor",8} {"1st s p50",9}");
                for (var e = 0; e < uris.Length; e++)
                {
                    var sorted = latencies[e].Order().ToList();
                    var (p50, p99) = (Percentile(sorted, 0.50), Percentile(sorted, 0.99));
                    var coldP50 = Percentile(firstSecond[e].Order().ToList(), 0.50);
                    var sequentialRate = sorted.Count / (sorted.Sum() / 1000);
                    var ratio = rates[e] / rates[0];
                    var endpoint = Endpoints[e].Replace("extender/", "", StringComparison.Ordinal);
                    // The floors are no extender verbs and have no server-side figure.
                    var serverMs = serverTimes.MeanMsSince(timesBefore, endpoint);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {endpoint,-11} {p50,10:0.000} {p99,10:0.000} {(serverMs is { } ms ? ms.ToString("0.000", CultureInfo.InvariantCulture) : "-"),9} {sequentialRate,11:0.0} {rates[e],11:0.0} {ratio,8:P0} {coldP50,9:0.000}"));
                    (string, double)[] figures =
                    [
                        ("requestKiB", bytes.Length / 1024.0), ("p50Ms", p50), ("p99Ms", p99), .. serverMs is { } mean ? [("serverMeanMs", mean)] : Array.Empty<(string, double)>(),
                        ("callsPerSecond", rates[e]), ("vsFloor", ratio), ("firstSecondP50Ms", coldP50), ("loadAverage", double.Parse(load, CultureInfo.InvariantCulture)),
                    ];
                    cases.Add(BenchmarkCase.Of(CaseName(mode, size, endpoint), figures));
                    if (size == 5_000 && Endpoints[e].StartsWith("extender/", StringComparison.Ordinal))
                    {
                        aims.AddRange(Aims(mode, endpoint, p99, ratio));
                    }
                }

                if (mode == "names")
                {
                    cases.Add(await MeasurePods(sequentialClient, metricsClient, child, size, bytes, seconds * 2));
                }
            }
        }

        return new BenchmarkFigures(cases, aims, string.Create(CultureInfo.InvariantCulture,
            $"the real server in its own process (workstation concurrent GC as schedext runs, {BenchServerProcess.Pinning(cpus)}{seen}) over loopback HTTPS ({(http2 ? "HTTP/2, all calls on one connection, as kube-scheduler negotiates it" : "HTTP/1.1, a connection per call in flight")}) with synthetic 4.3 KiB nodes, beside a floor that only parses the request and answers with every node and one that only receives it and answers []: p50/p99 from one keep-alive client calling in sequence (as kube-scheduler calls an extender once per pod and verb), serverMeanMs the server's own mean time per call during those calls (its request-duration histogram on /metrics: parse to last byte of the answer, without TLS and transport), calls per second from {concurrency} concurrent clients, endpoints interleaved, {seconds:0.#} s per endpoint and case, after {warmUp:0.#} s of warm-up calls per mode (until tiered compilation has optimised the hot code; firstSecondP50Ms is the p50 of the first second of them — for NodeNames, which goes first, the first calls of a fresh server); in-process cases: the handler's CPU time and allocation per call."));
    }

    /// <summary>"NodeNames, 5,000 nodes, filter": how a case is named in results.json.</summary>
    public static string CaseName(string mode, int size, string endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{(mode == "names" ? "NodeNames" : "full list")}, {size:N0} nodes, {endpoint}");

    private static IEnumerable<Aim> Aims(string mode, string endpoint, double p99, double vsFloor)
    {
        if (mode == "names")
        {
            yield return Aim.AtMost(3, $"NodeNames {endpoint} at 5,000 nodes, p99 per call", p99, 2, "ms");
        }
        else
        {
            yield return Aim.AtMost(3, $"full-list {endpoint} at 5,000 nodes, p99 per call", p99, 50, "ms");
            yield return Aim.AtLeast(3, $"full-list {endpoint} at 5,000 nodes, throughput vs the floor's", vsFloor, 0.7, Aim.RatioUnit);
        }
    }

    /// <summary>
    /// The measuring client. HTTP/1.1: one keep-alive connection per call in flight. HTTP/2
    /// (BENCH_HTTP=2): what kube-scheduler's extender client negotiates over TLS (its transport
    /// goes through apimachinery's SetTransportDefaults, which enables HTTP/2), every call on one
    /// connection, with Go's 4 MiB stream receive window so that answers need no WINDOW_UPDATE
    /// round trip (.NET's client starts at 64 KiB). Kestrel's own windows (768 KiB per stream,
    /// 1 MiB per connection) take a 5,000-node NodeNames request in one go.
    /// </summary>
    private static HttpClient Client(string thumbprint, int connections, bool http2)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        };
        // Trust exactly the benchmark's own certificate, nothing else.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint;
        return new HttpClient(handler)
        {
            Timeout = TimeSpan.FromMinutes(2),
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>
    /// Calls in turn for <paramref name="seconds"/> (and at least 30 rounds), long enough for the
    /// server to reach its steady speed, then the concurrent clients' connections; also a correctness
    /// check. Tiered compilation first runs new code unoptimised, counts calls only once no new
    /// method has been compiled for 100 ms, then recompiles hot methods in the background (twice
    /// with dynamic PGO): on 2 cores a fresh server needed ~4 s of NodeNames calls at 5,000 nodes to
    /// get there, its calls 3–5× slower meanwhile. A warm-up of a fixed 30 rounds left that in the
    /// measured calls, where it made most of the p99. Returns each endpoint's latencies in the first
    /// second: what kube-scheduler sees just after a rollout.
    /// </summary>
    private static async Task<List<double>[]> WarmUp(HttpClient sequential, HttpClient concurrent, Uri[] uris, byte[] body, int concurrency, double seconds)
    {
        var firstSecond = uris.Select(_ => new List<double>()).ToArray();
        var total = Stopwatch.StartNew();
        for (var round = 0; total.Elapsed.TotalSeconds < seconds || round < 30; round++)
        {
            for (var e = 0; e < uris.Length; e++)
            {
                // Calls started in the first second, and each endpoint's first however slow it was.
                var inFirstSecond = round == 0 || total.Elapsed.TotalSeconds < 1;
                var started = Stopwatch.GetTimestamp();
                await Call(sequential, uris[e], body);
                if (inFirstSecond)
                {
                    firstSecond[e].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        foreach (var uri in uris)
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Call(concurrent, uri, body)));
        }

        return firstSecond;
    }

    /// <summary>
    /// One call at a time, endpoints in turn (rotating who goes first) so that all see the same
    /// machine load: on a shared machine, measuring one after the other would compare different moments.
    /// </summary>
    private static async Task<List<double>[]> MeasureSequential(HttpClient client, Uri[] uris, byte[] body, double seconds)
    {
        var latencies = uris.Select(_ => new List<double>()).ToArray();
        var total = Stopwatch.StartNew();
        for (var round = 0; (total.Elapsed.TotalSeconds < seconds || round < 100) && round < 20_000; round++)
        {
            for (var k = 0; k < uris.Length; k++)
            {
                var e = (round + k) % uris.Length;
                var started = Stopwatch.GetTimestamp();
                await Call(client, uris[e], body);
                latencies[e].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return latencies;
    }

    /// <summary>
    /// kube-scheduler's calls for one pod in NodeNames mode: filter, then prioritize of exactly the
    /// names the filter passed (its HTTP extender keeps the filter's answer as the feasible list) —
    /// the sequence the extender's <see cref="Host.Extender.PassedNodes"/> is made for, and the
    /// figure kube-scheduler's pods per second depend on: p50/p99 of both calls together, and the
    /// server's own time for both.
    /// </summary>
    private static async Task<BenchmarkCase> MeasurePods(HttpClient client, HttpClient metricsClient, BenchServerProcess child, int size, byte[] filterBody, double seconds)
    {
        var (filter, prioritize) = (new Uri(child.Address, "extender/filter"), new Uri(child.Address, "extender/prioritize"));
        var prioritizeBody = PrioritizeBodyAfter(await CallForText(client, filter, filterBody));
        var before = await ServerTimes.ReadAsync(metricsClient, child.MetricsAddress);
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || latencies.Count < 100)
        {
            var started = Stopwatch.GetTimestamp();
            await Call(client, filter, filterBody);
            await Call(client, prioritize, prioritizeBody);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var after = await ServerTimes.ReadAsync(metricsClient, child.MetricsAddress);
        var serverMs = after.MeanMsSince(before, "filter") + after.MeanMsSince(before, "prioritize")
            ?? throw new InvalidOperationException("the server's metrics counted no filter or prioritize calls");
        latencies.Sort();
        var (p50, p99) = (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    pod (filter, then prioritize of the {size:N0} names' passed part): p50 {p50:0.000} p99 {p99:0.000} ms, server {serverMs:0.000} ms, {latencies.Count / total.Elapsed.TotalSeconds:0.0} pods/s"));
        return BenchmarkCase.Of(CaseName("names", size, PodCase), [("requestKiB", filterBody.Length / 1024.0), ("p50Ms", p50), ("p99Ms", p99), ("serverMeanMs", serverMs)]);
    }

    /// <summary>The prioritize request kube-scheduler sends after a NodeNames filter answered <paramref name="filterAnswer"/>: the same pod, the passed names in order.</summary>
    public static byte[] PrioritizeBodyAfter(string filterAnswer)
    {
        using var answer = System.Text.Json.JsonDocument.Parse(filterAnswer);
        var passed = answer.RootElement.GetProperty("NodeNames").EnumerateArray().Select(n => System.Text.Json.JsonSerializer.Serialize(n.GetString()));
        return Encoding.UTF8.GetBytes($$"""{"Pod":{{ExecutorPod}},"Nodes":null,"NodeNames":[{{string.Join(',', passed)}}]}""");
    }

    /// <summary>
    /// Calls per second with <paramref name="concurrency"/> calls always in flight, in short slices
    /// that rotate over the endpoints, for the same reason as in <see cref="MeasureSequential"/>.
    /// </summary>
    private static async Task<double[]> MeasureConcurrent(HttpClient client, Uri[] uris, byte[] body, double seconds, int concurrency)
    {
        var calls = new long[uris.Length];
        var elapsed = new double[uris.Length];
        var slice = TimeSpan.FromMilliseconds(500);
        var total = Stopwatch.StartNew();
        for (var round = 0; total.Elapsed.TotalSeconds < seconds || round < 2; round++)
        {
            for (var k = 0; k < uris.Length; k++)
            {
                var e = (round + k) % uris.Length;
                var started = Stopwatch.StartNew();
                var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
                {
                    var n = 0;
                    do
                    {
                        await Call(client, uris[e], body);
                        n++;
                    }
                    while (started.Elapsed < slice);
                    return n;
                }));
                calls[e] += counts.Sum();
                elapsed[e] += started.Elapsed.TotalSeconds;
            }
        }

        return calls.Select((n, e) => n / elapsed[e]).ToArray();
    }

    private static async Task Call(HttpClient client, Uri uri, byte[] body)
    {
        using var response = await Send(client, uri, body);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await stream.CopyToAsync(Stream.Null);
    }

    private static async Task<string> CallForText(HttpClient client, Uri uri, byte[] body)
    {
        using var response = await Send(client, uri, body);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, Uri uri, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(body),
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new InvalidOperationException($"{uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        return response;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
