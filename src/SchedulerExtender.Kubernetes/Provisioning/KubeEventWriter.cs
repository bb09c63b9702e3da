using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Writes one core/v1 Event from the provisioner (source and reporting component
/// <see cref="Component"/>), for <see cref="NodeClaimEvents"/> and <see cref="PodEvents"/>. Best
/// effort: a failure is logged at debug and reported as false, never thrown — an event must not
/// stop provisioning. Only the caller's cancellation (and running out of memory) propagates; a
/// request's own timeout is a failure like any other.
/// </summary>
internal sealed partial class KubeEventWriter(IKubernetes client, TimeProvider time, ILogger logger)
{
    public const string Component = "schedext-provisioner";

    // events.k8s.io/v1 caps a note at 1 KiB; core/v1 messages are kept to the same, so a long solver
    // reason (one refusal per pool) stays readable in kubectl describe and small in etcd.
    private const int MaxMessageLength = 1024;

    /// <summary>Creates the event in <paramref name="namespace"/>, which must be the involved object's own (or <c>default</c> for cluster-scoped objects), as the API server validates.</summary>
    public async Task<bool> WriteAsync(string @namespace, V1ObjectReference involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
        {
            // The involved object's name and a random suffix, as client-go's recorder names its events.
            Metadata = new V1ObjectMeta { GenerateName = involved.Name + ".", NamespaceProperty = @namespace },
            InvolvedObject = involved,
            Type = type,
            Reason = reason,
            Message = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength],
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogEventFailed(reason, involved.Kind, involved.NamespaceProperty is { } ns ? $"{ns}/{involved.Name}" : involved.Name, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record event {Reason} for {Kind} {Name}: {Error}")]
    private partial void LogEventFailed(string reason, string kind, string name, string error);
}
