using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Kubernetes.Provisioning;

/// <summary>
/// Kubernetes Events on NodeClaims (<c>kubectl describe nodeclaim</c>, <c>kubectl get events</c>):
/// launches, registrations and terminations with their reason. Events are best effort: a failure
/// to record one is logged and never stops provisioning (<see cref="KubeEventWriter"/>). NodeClaims
/// are cluster-scoped, so their events go to the <c>default</c> namespace, as the API server does for nodes.
/// </summary>
public sealed class NodeClaimEvents(IKubernetes client, TimeProvider time, ILogger logger)
{
    private const string Namespace = "default";
    private readonly KubeEventWriter _writer = new(client, time, logger);

    public Task NormalAsync(string claim, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(claim, "Normal", reason, message, cancellationToken);

    public Task WarningAsync(string claim, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(claim, "Warning", reason, message, cancellationToken);

    private Task RecordAsync(string claim, string type, string reason, string message, CancellationToken cancellationToken) =>
        _writer.WriteAsync(Namespace, new V1ObjectReference { ApiVersion = $"{NodeClaimJson.Group}/{NodeClaimJson.Version}", Kind = "NodeClaim", Name = claim }, type, reason, message, cancellationToken);
}
