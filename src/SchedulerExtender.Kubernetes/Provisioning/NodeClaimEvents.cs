using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Kubernetes Events on NodeClaims (<c>kubectl describe nodeclaim</c>, <c>kubectl get events</c>):
/// launches, registrations and terminations with their reason. Events are best effort: a failure
/// to record one is logged and never stops provisioning. NodeClaims are cluster-scoped, so their
/// events go to the <c>default</c> namespace, as the API server does for nodes.
/// </summary>
public sealed partial class NodeClaimEvents(IKubernetes client, TimeProvider time, ILogger logger)
{
    private const string Namespace = "default";

    public Task NormalAsync(string claim, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(claim, "Normal", reason, message, cancellationToken);

    public Task WarningAsync(string claim, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(claim, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(string claim, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = claim + ".", NamespaceProperty = Namespace },
            InvolvedObject = new V1ObjectReference { ApiVersion = $"{NodeClaimJson.Group}/{NodeClaimJson.Version}", Kind = "NodeClaim", Name = claim },
            Type = type,
            Reason = reason,
            Message = message.Length <= 1024 ? message : message[..1024],
            Source = new V1EventSource { Component = "schedext-provisioner" },
            ReportingComponent = "schedext-provisioner",
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            LogEventFailed(claim, reason, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record event {Reason} for NodeClaim {Claim}: {Error}")]
    private partial void LogEventFailed(string claim, string reason, string error);
}
