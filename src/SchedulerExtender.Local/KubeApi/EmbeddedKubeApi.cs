using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Local.KubeApi.Admission;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// An in-process Kubernetes API server for local mode, the simulator and adapter tests: real HTTP
/// (plain, no authentication) that KubernetesClient and kubectl use unchanged, over an in-memory
/// <see cref="KubeStore"/> that simulators may also call directly.
/// <code>
/// await using var api = await EmbeddedKubeApi.StartAsync();
/// var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.BaseAddress.ToString() });
/// // kubectl --server api.BaseAddress get nodes
/// </code>
/// </summary>
public sealed class EmbeddedKubeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WatchGate _watchGate;
    private readonly MutatingAdmission _admission;

    private EmbeddedKubeApi(WebApplication app, KubeStore store, MutatingAdmission admission, WatchGate watchGate, Uri baseAddress)
    {
        _app = app;
        Store = store;
        _admission = admission;
        _watchGate = watchGate;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the API listens, e.g. http://127.0.0.1:41523/ (the actual port when started on port 0).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The storage behind the API, for in-process readers and writers.</summary>
    public KubeStore Store { get; }

    /// <summary>Starts listening; with the default options on a free loopback port.</summary>
    public static async Task<EmbeddedKubeApi> StartAsync(EmbeddedKubeApiOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedKubeApiOptions();
        var store = new KubeStore(options.Store);
        var gate = new WatchGate();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Url);
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var app = builder.Build();
        var admission = new MutatingAdmission(store, options.WebhookServiceUrl);
        var handler = new KubeApiHandler(store, admission, options, gate);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException($"the embedded Kubernetes API did not report its address (asked for {options.Url})");
        return new EmbeddedKubeApi(app, store, admission, gate, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>
    /// Creates an object in process as an HTTP POST would: mutating webhooks first, then the store.
    /// (<see cref="KubeStore.Create"/> directly skips admission.)
    /// </summary>
    public async Task<System.Text.Json.Nodes.JsonObject> CreateAsync(KubeResource resource, string? @namespace, System.Text.Json.Nodes.JsonObject obj, CancellationToken cancellationToken = default) =>
        Store.Create(resource, @namespace, await _admission.AdmitCreateAsync(resource, @namespace, obj, cancellationToken));

    /// <summary>Ends every open watch (clients see the stream close and resume from their last resourceVersion).</summary>
    public void CloseWatches() => Store.CloseAllWatches();

    /// <summary>
    /// Closes every watch and holds new watch requests until <see cref="ResumeWatches"/>, like a
    /// network partition; writes made meanwhile can push a client's version out of the event window.
    /// </summary>
    public void PauseWatches()
    {
        _watchGate.Pause();
        Store.CloseAllWatches();
    }

    public void ResumeWatches() => _watchGate.Resume();

    public async ValueTask DisposeAsync()
    {
        _watchGate.Resume();
        Store.CloseAllWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _admission.Dispose();
    }
}
