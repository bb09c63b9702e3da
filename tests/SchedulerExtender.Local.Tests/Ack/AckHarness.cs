using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.OpenApi;
using SchedulerExtender.Local.Ack;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Local.Tests.Ack;

/// <summary>The ECS and ACK emulators on one loopback server with a fake clock, and ACK clients signed for it.</summary>
internal sealed class AckHarness : IAsyncDisposable
{
    public const string ClusterId = "c5e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b";
    public const string NodePoolId = "np0a1b2c3d4e5f";
    private readonly List<HttpClient> _httpClients = [];

    private AckHarness(EcsEmulatorServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public EcsEmulatorServer Server { get; }

    public AckEmulator Ack => Server.Ack!;

    public FakeTimeProvider Time { get; }

    public RecordingLoggerProvider Logs { get; } = new();

    public RecordingObserver Calls { get; } = new();

    public static async Task<AckHarness> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var ack = new AckEmulator(new AckEmulatorOptions { Time = time }, seed: 5);
        ack.AddCluster(ClusterId, NodePoolId);
        var server = await EcsEmulatorServer.StartAsync("http://127.0.0.1:0", new EcsEmulator(new EcsEmulatorOptions { Time = time }), ack);
        return new AckHarness(server, time);
    }

    public static AlibabaCredential DefaultCredential => new(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret);

    public AckClient Client(AlibabaCredential? credential = null, int maxAttempts = 4, TimeProvider? time = null)
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        return new AckClient(http, new FixedCredentialSource(credential ?? DefaultCredential), new AckClientOptions
        {
            RegionId = "cn-shenzhen",
            Endpoint = Server.BaseAddress,
            JitterSeed = 7,
            Retry = new EcsRetryPolicy { MaxAttempts = maxAttempts, TransientBaseDelay = TimeSpan.FromMilliseconds(1), ThrottledBaseDelay = TimeSpan.FromMilliseconds(2) },
        }, time ?? new FakeClockRealTimers(Time), Logs.For<AckClient>(), Calls);
    }

    public AckBootstrapOptions BootstrapOptions => new()
    {
        Mode = NodeBootstrapMode.Ack,
        ClusterId = ClusterId,
        RegionId = "cn-shenzhen",
        NodePoolId = NodePoolId,
        RefreshInterval = TimeSpan.FromMinutes(10),
        MaxStaleness = TimeSpan.FromHours(1),
    };

    public AckAttachScriptSource Source(int maxAttempts = 1) =>
        new(Client(maxAttempts: maxAttempts), BootstrapOptions, Time, Logs.For<AckAttachScriptSource>());

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _httpClients)
        {
            http.Dispose();
        }

        await Server.DisposeAsync();
    }

    internal sealed class FixedCredentialSource(AlibabaCredential credential) : ICredentialSource
    {
        public string Name => "fixed";

        public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AlibabaCredential?>(credential);
    }

    /// <summary>The fake clock's date (signed into each request, checked by the emulator) with real retry delays.</summary>
    internal sealed class FakeClockRealTimers(TimeProvider clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime, period);
    }

    internal sealed class RecordingObserver : ICloudApiObserver
    {
        public ConcurrentQueue<CloudApiCall> Calls { get; } = new();

        public void OnCall(CloudApiCall call) => Calls.Enqueue(call);
    }
}
