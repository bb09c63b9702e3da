using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Alibaba.Vpc;
using SchedulerExtender.Local.Ecs;

using SchedulerExtender.Testing;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>An emulator on 127.0.0.1 (port 0) with a fake clock, and clients signed for it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly List<HttpClient> _httpClients = [];

    private EmulatorHarness(EcsEmulatorServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public EcsEmulatorServer Server { get; }

    public EcsEmulator Emulator => Server.Emulator;

    public FakeTimeProvider Time { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public static async Task<EmulatorHarness> StartAsync(EcsEmulatorFaults? faults = null, int seed = 1, IReadOnlyDictionary<string, string>? seedNetworkTags = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var emulator = new EcsEmulator(new EcsEmulatorOptions
        {
            Seed = seed,
            Time = time,
            Faults = faults ?? EcsEmulatorFaults.None,
            SeedNetworkTags = seedNetworkTags ?? new Dictionary<string, string>(),
        });
        return new EmulatorHarness(await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", emulator), time);
    }

    /// <summary>A production client pointed at the emulator; retries wait only a millisecond or two.</summary>
    public EcsClient Client(string region = "cn-shenzhen", AlibabaCredential? credential = null, int maxAttempts = 4, int jitterSeed = 7)
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        return new EcsClient(
            http,
            new FixedCredentialSource(credential ?? new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)),
            new EcsClientOptions
            {
                RegionId = region,
                Endpoint = Server.BaseAddress,
                JitterSeed = jitterSeed,
                Retry = new EcsRetryPolicy { MaxAttempts = maxAttempts, TransientBaseDelay = TimeSpan.FromMilliseconds(1), ThrottledBaseDelay = TimeSpan.FromMilliseconds(2) },
            },
            logger: Logs.For<EcsClient>());
    }

    /// <summary>A production VPC client pointed at the same emulator address (the emulator dispatches on Version).</summary>
    public VpcClient VpcClient(string region = "cn-shenzhen", int maxAttempts = 4)
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        return new VpcClient(
            http,
            new FixedCredentialSource(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)),
            new VpcClientOptions
            {
                RegionId = region,
                Endpoint = Server.BaseAddress,
                JitterSeed = 7,
                Retry = new EcsRetryPolicy { MaxAttempts = maxAttempts, TransientBaseDelay = TimeSpan.FromMilliseconds(1), ThrottledBaseDelay = TimeSpan.FromMilliseconds(2) },
            },
            logger: Logs.For<VpcClient>());
    }

    public static RunInstancesRequest Launch(string token, string type = "ecs.g7.xlarge", string zone = "cn-shenzhen-d",
        SpotStrategy strategy = SpotStrategy.SpotAsPriceGo, IReadOnlyDictionary<string, string>? tags = null) =>
        new(zone, type, EcsEmulator.DefaultImageId, $"vsw-{zone}", "sg-emulator-cn-shenzhen", token, strategy,
            tags ?? new Dictionary<string, string> { ["team"] = "spark" }, "cloud_auto", 20, "PL0");

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _httpClients)
        {
            http.Dispose();
        }

        await Server.DisposeAsync();
    }

    private sealed class FixedCredentialSource(AlibabaCredential credential) : ICredentialSource
    {
        public string Name => "fixed";

        public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AlibabaCredential?>(credential);
    }
}
