using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.OpenApi;

/// <summary>
/// What every Alibaba Cloud API style (RPC, ROA) does around one request: fetch the current
/// credential, send, tell the <see cref="ICloudApiObserver"/> about each attempt, retry
/// throttling and transient failures with jittered backoff (<see cref="EcsRetryPolicy"/>), and
/// log failures by product, action, code and request ID, never parameters or credentials.
/// </summary>
internal sealed partial class ApiCallRunner
{
    private readonly string _product;
    private readonly ICredentialSource _credentials;
    private readonly EcsRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ICloudApiObserver _observer;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();

    public ApiCallRunner(string product, ICredentialSource credentials, EcsRetryPolicy retry, int? jitterSeed, TimeProvider time, ILogger logger, ICloudApiObserver? observer)
    {
        _product = product;
        _credentials = credentials;
        _retry = retry;
        _time = time;
        _logger = logger;
        _observer = observer ?? NoCloudApiObserver.Instance;
        _jitter = jitterSeed is { } seed ? new Random(seed) : new Random();
    }

    public TimeProvider Time => _time;

    /// <summary>Runs <paramref name="sendOnce"/> (one signed request) until it succeeds, fails for good, or the attempts run out.</summary>
    public async Task<T> RunAsync<T>(string action, Func<AlibabaCredential, CancellationToken, Task<T>> sendOnce, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            EcsApiException failure;
            var started = _time.GetTimestamp();
            try
            {
                var result = await sendOnce(await CredentialAsync(action, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                _observer.OnCall(new CloudApiCall(_product, action, null, _time.GetElapsedTime(started)));
                return result;
            }
            catch (EcsApiException e)
            {
                failure = e;
                _observer.OnCall(new CloudApiCall(_product, action, e.Code, _time.GetElapsedTime(started)));
            }

            if (!EcsRetryPolicy.IsRetryable(failure.Kind) || attempt >= _retry.MaxAttempts)
            {
                LogFailed(_product, action, failure.Code, failure.RequestId, attempt);
                throw failure;
            }

            var delay = _retry.DelayAfter(attempt, failure.Kind, NextUnitRandom());
            LogRetrying(_product, action, failure.Code, failure.RequestId, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request; no answer at all (connection failure, timeout) becomes <see cref="EcsErrorCodes.NetworkError"/>.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string action, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new EcsApiException(action, EcsErrorCodes.NetworkError, e.HttpRequestError.ToString(), null, 0, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EcsApiException(action, EcsErrorCodes.NetworkError, "the request timed out", null, 0, e);
        }
    }

    private async Task<AlibabaCredential> CredentialAsync(string action, CancellationToken cancellationToken)
    {
        try
        {
            return await _credentials.TryGetAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new CredentialException($"No Alibaba Cloud credentials found (tried: {_credentials.Name}).");
        }
        catch (CredentialException e)
        {
            throw new EcsApiException(action, "CredentialsUnavailable", e.Message, null, 0, e);
        }
    }

    private double NextUnitRandom()
    {
        lock (_jitterLock)
        {
            return _jitter.NextDouble();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} {Action} failed with {Code} (RequestId {RequestId}), attempt {Attempt}; retrying in {DelayMs:F0} ms")]
    private partial void LogRetrying(string product, string action, string code, string? requestId, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} {Action} failed with {Code} (RequestId {RequestId}) after {Attempt} attempt(s)")]
    private partial void LogFailed(string product, string action, string code, string? requestId, int attempt);
}
