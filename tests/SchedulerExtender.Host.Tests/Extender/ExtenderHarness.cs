using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SchedulerExtender.Host.Serving;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Host.Tests.Webhook;
using SchedulerExtender.Host.Extender;
using SchedulerExtender.Testing.Scoring;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>An <see cref="ExtenderHandler"/> over fakes, called directly with request bytes.</summary>
internal sealed class ExtenderHarness
{
    public ExtenderHarness(TablePriceSource? prices = null, InMemoryNodeCache? cache = null, PlacementOptions? placement = null)
    {
        Prices = prices ?? new TablePriceSource();
        Cache = cache ?? new InMemoryNodeCache();
        Handler = new ExtenderHandler(new ExtenderOptions(), placement ?? new PlacementOptions(), Namespaces, Prices, Cache, Cache, Explain,
            new ExtenderMetrics(Registry), TimeProvider.System, NullLogger<ExtenderHandler>.Instance, Drivers);
    }

    public FakeSparkDrivers Drivers { get; } = new();

    public FakeNamespaceAnnotations Namespaces { get; } = new();

    public TablePriceSource Prices { get; }

    public InMemoryNodeCache Cache { get; }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public ExplainLog Explain { get; } = new(8);

    public ExtenderHandler Handler { get; }

    public (ExtenderReply Reply, string Body) Filter(string request) => Call(Handler.Filter, Encoding.UTF8.GetBytes(request));

    public (ExtenderReply Reply, string Body) Prioritize(string request) => Call(Handler.Prioritize, Encoding.UTF8.GetBytes(request));

    public (ExtenderReply Reply, string Body) Preempt(string request) => Call(Handler.Preempt, Encoding.UTF8.GetBytes(request));

    public (ExtenderReply Reply, string Body) Filter(byte[] request) => Call(Handler.Filter, request);

    public (ExtenderReply Reply, string Body) Preempt(byte[] request) => Call(Handler.Preempt, request);

    public (ExtenderReply Reply, string Body) Prioritize(byte[] request) => Call(Handler.Prioritize, request);

    public async Task<string> MetricsText()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private delegate ExtenderReply Verb(ReadOnlySpan<byte> body, System.Buffers.IBufferWriter<byte> output);

    private static (ExtenderReply, string) Call(Verb verb, byte[] request)
    {
        using var output = new PooledBufferWriter(1024);
        var reply = verb(request, output);
        return (reply, Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
