using System.Collections.Frozen;
using Prometheus;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.OpenApi;

namespace SchedulerExtender.Host.Cloud;

/// <summary>
/// Cloud API calls (each attempt) by service, action and outcome code, and their latency. The code
/// label is bounded: <c>OK</c>, one of the codes we decide on, or <c>Other</c>, so a service that
/// invents codes cannot blow up the series count. Actions are constants of our clients.
/// </summary>
public sealed class CloudApiMetrics(IMetricFactory metrics) : ICloudApiObserver
{
    public const string Ok = "OK";
    public const string Other = "Other";

    /// <summary>The codes worth a series of their own: what the clients classify, plus ACK's common ones.</summary>
    public static readonly FrozenSet<string> KnownCodes = new[]
    {
        EcsErrorCodes.NoStock, EcsErrorCodes.ZoneNotOnSale, EcsErrorCodes.InstanceTypeOffline, "OperationDenied.NoSpotStock", "Zone.NotOpen",
        "InvalidResourceType.NotSupported", EcsErrorCodes.Throttling, "Throttling.User", "Throttling.Api", "Throttling.Resource",
        EcsErrorCodes.ServiceUnavailable, EcsErrorCodes.InternalError, EcsErrorCodes.NetworkError, "UnknownError",
        EcsErrorCodes.InstanceNotFound, EcsErrorCodes.IdempotentParameterMismatch, EcsErrorCodes.IdempotentProcessing,
        EcsErrorCodes.SignatureDoesNotMatch, EcsErrorCodes.AccessKeyNotFound, EcsErrorCodes.SignatureNonceUsed, "IncompleteSignature",
        "InvalidSecurityToken.Expired", "InvalidTimeStamp.Expired", "Forbidden.RAM", "Forbidden",
        EcsErrorCodes.MissingParameter, EcsErrorCodes.InvalidParameter, "InvalidResponse", "CredentialsUnavailable",
        "ErrorClusterNotFound", "ErrorNodePoolNotFound", "ErrorParameterInvalid",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly Counter _calls = metrics.CreateCounter(
        "schedext_cloud_api_calls_total",
        "Alibaba Cloud API requests (every attempt, retries included) by service (ECS, VPC, CS), action and outcome code (OK, the error Code, or Other).",
        ["service", "action", "code"]);

    private readonly Histogram _duration = metrics.CreateHistogram(
        "schedext_cloud_api_call_duration_seconds",
        "Time from sending an Alibaba Cloud API request to its decoded answer or failure, by service and action.",
        new HistogramConfiguration
        {
            LabelNames = ["service", "action"],
            Buckets = Histogram.ExponentialBuckets(0.005, 2, 13),
        });

    public static string CodeLabel(string? errorCode) => errorCode is null ? Ok : KnownCodes.Contains(errorCode) ? errorCode : Other;

    public void OnCall(CloudApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _calls.WithLabels(call.Service, call.Action, CodeLabel(call.ErrorCode)).Inc();
        _duration.WithLabels(call.Service, call.Action).Observe(call.Duration.TotalSeconds);
    }
}
