using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// The cluster's attach script per CPU architecture, fetched from ACK at most once per
/// <see cref="AckBootstrapOptions.RefreshInterval"/>. When a refresh fails, the last good script
/// is used for up to <see cref="AckBootstrapOptions.MaxStaleness"/> (a launch should not fail
/// because ACK's API is briefly unavailable); after that, or with no script yet, the error
/// surfaces. Concurrent callers share one fetch. Neither the script (it holds a join token) nor
/// any credential is logged.
/// </summary>
public sealed partial class AckAttachScriptSource
{
    private readonly AckClient _client;
    private readonly AckBootstrapOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly Dictionary<string, (string Script, DateTimeOffset FetchedAt)> _byArch = new(StringComparer.Ordinal);

    public AckAttachScriptSource(AckClient client, AckBootstrapOptions options, TimeProvider? time = null, ILogger<AckAttachScriptSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (options.Mode != NodeBootstrapMode.Ack || errors.Count > 0)
        {
            throw new ArgumentException(options.Mode != NodeBootstrapMode.Ack ? "The attach script source needs Mode Ack." : string.Join(" ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AckAttachScriptSource>.Instance;
    }

    /// <summary>The attach script for <paramref name="arch"/> (amd64, arm64, arm).</summary>
    /// <exception cref="EcsApiException">ACK's API failed and no usable last good script exists.</exception>
    public async Task<string> GetAsync(string arch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(arch);
        if (Fresh(arch) is { } cached)
        {
            return cached;
        }

        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (Fresh(arch) is { } refreshed)
            {
                return refreshed;
            }

            try
            {
                var script = await _client.DescribeClusterAttachScriptsAsync(new AttachScriptRequest
                {
                    ClusterId = _options.ClusterId!,
                    NodePoolId = _options.NodePoolId,
                    Arch = arch,
                    FormatDisk = _options.FormatDisk,
                }, cancellationToken).ConfigureAwait(false);
                lock (_byArch)
                {
                    _byArch[arch] = (script, _time.GetUtcNow());
                }

                LogFetched(_options.ClusterId!, arch);
                return script;
            }
            catch (EcsApiException e) when (LastGood(arch) is { } last && _time.GetUtcNow() - last.FetchedAt <= _options.MaxStaleness)
            {
                LogUsingLastGood(_options.ClusterId!, arch, e.Code, e.RequestId, (_time.GetUtcNow() - last.FetchedAt).TotalMinutes);
                return last.Script;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }

    private string? Fresh(string arch) =>
        LastGood(arch) is { } entry && _time.GetUtcNow() - entry.FetchedAt < _options.RefreshInterval ? entry.Script : null;

    private (string Script, DateTimeOffset FetchedAt)? LastGood(string arch)
    {
        lock (_byArch)
        {
            return _byArch.TryGetValue(arch, out var entry) ? entry : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched the ACK attach script of cluster {ClusterId} for {Arch}")]
    private partial void LogFetched(string clusterId, string arch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the ACK attach script of cluster {ClusterId} for {Arch} failed with {Code} (RequestId {RequestId}); using the one fetched {AgeMinutes:F0} min ago")]
    private partial void LogUsingLastGood(string clusterId, string arch, string code, string? requestId, double ageMinutes);
}
