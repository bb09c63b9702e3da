using System.Globalization;
using k8s.Models;
using Microsoft.Extensions.Logging;
using SchedulerExtender.Kubernetes.Provisioning;

namespace SchedulerExtender.Kubernetes.Disruption;

public sealed partial class DisruptionController
{
    /// <summary>
    /// Replace commands waiting for their replacements, as Karpenter's orchestration queue does:
    /// once every replacement claim is initialized the old nodes are tainted (their drain starts at
    /// the next pass); when one failed — its claim is gone or deleting, as the provisioner does on a
    /// launch error or a registration timeout — or they are not all initialized within
    /// <see cref="DisruptionSettings.ReplacementTimeout"/>, the command is abandoned: the
    /// replacements not yet initialized are deleted and the old nodes stay, untouched and untainted,
    /// stamped <see cref="DisruptionAnnotations.ReplaceAbandonedAt"/> so the planner backs off.
    /// The state is the annotations on the old claims, so a restart carries on.
    /// </summary>
    private async Task ContinueReplacementsAsync(IReadOnlyList<NodeClaimResource> claims, IReadOnlyList<V1Node> nodes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimsByName = claims.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var nodesByName = nodes.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        foreach (var claim in claims.Where(c => !c.Deleting && c.Annotations.ContainsKey(DisruptionAnnotations.AwaitingReplacements)))
        {
            var node = claim.NodeName is { } name ? nodesByName.GetValueOrDefault(name) : null;
            if (node is null || DisruptionSnapshotBuilder.IsTainted(node))
            {
                continue; // gone (garbage collection's business) or already draining
            }

            var names = claim.Annotations[DisruptionAnnotations.AwaitingReplacements].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var replacements = names.Select(n => claimsByName.GetValueOrDefault(n)).ToList();
            try
            {
                if (replacements.All(r => r is { Deleting: false } && r.IsTrue(NodeClaimCondition.Initialized)))
                {
                    LogReplacementsReady(claim.Name, string.Join(", ", names));
                    await StartDrainAsync(claim.Name, node.Metadata.Name, now, cancellationToken).ConfigureAwait(false);
                }
                else if (replacements.Any(r => r is null || r.Deleting))
                {
                    var failed = names.Where((_, i) => replacements[i] is null || replacements[i]!.Deleting);
                    await AbandonAsync(claim, replacements, now, "replacement_failed",
                        $"replacement {string.Join(", ", failed)} failed (launch error or registration timeout); the node stays", cancellationToken).ConfigureAwait(false);
                }
                else if (RequestedAt(claim) is not { } requested || requested + _settings.ReplacementTimeout <= now)
                {
                    await AbandonAsync(claim, replacements, now, "replacement_timeout",
                        string.Create(CultureInfo.InvariantCulture, $"replacement {string.Join(", ", names)} not initialized within {_settings.ReplacementTimeout}; the node stays"), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                LogReplacementStepFailed(claim.Name, e);
            }
        }
    }

    private async Task AbandonAsync(NodeClaimResource claim, IReadOnlyList<NodeClaimResource?> replacements, DateTimeOffset now, string cause, string why, CancellationToken cancellationToken)
    {
        // Initialized replacements are ordinary capacity by now (pods may have landed there); consolidation judges them like any node.
        foreach (var replacement in replacements.OfType<NodeClaimResource>().Where(r => !r.Deleting && !r.IsTrue(NodeClaimCondition.Initialized)))
        {
            await _claims.DeleteAsync(replacement.Name, cancellationToken).ConfigureAwait(false);
        }

        await _claims.PatchAnnotationsAsync(claim.Name, new Dictionary<string, string?>
        {
            [DisruptionAnnotations.AwaitingReplacements] = null,
            [DisruptionAnnotations.ReplacementsRequestedAt] = null,
            // In the same patch: the node is a candidate again only with the back-off recorded.
            [DisruptionAnnotations.ReplaceAbandonedAt] = DisruptionAnnotations.TimeText(now),
            [DisruptionAnnotations.ReplaceAbandons] = (DisruptionAnnotations.AbandonsOf(claim) + 1).ToString(CultureInfo.InvariantCulture),
        }, cancellationToken).ConfigureAwait(false);
        _metrics.ActionAbandoned(cause);
        LogAbandoned(claim.Name, why);
        await _events.WarningAsync(claim.Name, "DisruptionAbandoned", why, cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset? RequestedAt(NodeClaimResource claim) => DisruptionAnnotations.TimeOf(claim, DisruptionAnnotations.ReplacementsRequestedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "NodeClaim {Name}: replacement {Replacements} initialized; draining")]
    private partial void LogReplacementsReady(string name, string replacements);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: disruption abandoned: {Why}")]
    private partial void LogAbandoned(string name, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NodeClaim {Name}: replacement step failed; retrying next pass")]
    private partial void LogReplacementStepFailed(string name, Exception exception);
}
