using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Placement;
using SchedulerExtender.Core.Spark;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Host.Webhook;

/// <summary>
/// Decodes an AdmissionReview, asks Core what to do with the pod, and encodes the answer. It has
/// no side effects, so a <c>dryRun</c> request gets exactly the answer a real one would.
/// </summary>
public sealed partial class AdmissionWebhook(
    IOptionsMonitor<WebhookOptions> options,
    INamespaceAnnotations namespaces,
    WebhookMetrics metrics,
    TimeProvider time,
    ILogger<AdmissionWebhook> logger)
{
    /// <summary>Writes the answer and returns null, or returns why the request is rejected (a 400).</summary>
    public string? Review(JsonNode? body, IBufferWriter<byte> output)
    {
        var started = time.GetTimestamp();
        if (!AdmissionReviewReader.TryRead(body, out var request, out var error))
        {
            metrics.Record("unknown", "rejected", time.GetElapsedTime(started));
            LogRejected(logger, error);
            return error;
        }

        // Only CREATE places a pod; anything else the configuration lets through is allowed as is.
        Mutation? mutation;
        string outcome;
        try
        {
            mutation = request.Operation == "CREATE" ? Decide(request) : null;
            outcome = OutcomeLabel(mutation?.Outcome ?? MutationOutcome.Ignored);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            // A bug of ours must not block pod creation: admit unchanged and say so.
            LogFailed(logger, request.Namespace, PodName(request.Object), ex);
            mutation = Mutation.Unchanged(SparkRole.None, MutationOutcome.Ignored, "error", ["schedext could not decide placement; pod admitted unchanged"]);
            outcome = "error";
        }

        AdmissionResponseWriter.Write(output, request.Uid, mutation);
        var role = RoleLabel(mutation?.Role ?? SparkRole.None);
        metrics.Record(role, outcome, time.GetElapsedTime(started));
        if (mutation is { Role: not SparkRole.None })
        {
            LogDecided(logger, request.Namespace, PodName(request.Object), outcome, mutation.Summary, request.DryRun);
        }

        return null;
    }

    private Mutation Decide(AdmissionRequest request)
    {
        var pod = request.Object!;
        var metadata = pod["metadata"] as JsonObject;
        var labels = metadata?["labels"] as JsonObject;
        var annotations = metadata?["annotations"] as JsonObject;
        var role = SparkPodClassifier.Classify(key => Text(labels, key));
        if (role == SparkRole.None)
        {
            return Mutation.Unchanged(SparkRole.None, MutationOutcome.Ignored, "not a Spark pod");
        }

        var placement = options.CurrentValue.ToPlacementOptions();
        var ns = request.Namespace ?? Text(metadata, "namespace") ?? "default";
        var decision = PlacementPolicyResolver.Resolve(
            role,
            key => Text(annotations, key),
            key => namespaces.Get(ns, key),
            placement.ExecutorPolicy);
        return SparkPodMutator.Mutate(pod, decision, placement);
    }

    private static string? Text(JsonObject? o, string key) => JsonStrings.AsString(o?[key]);

    private static string PodName(JsonObject? pod) =>
        Text(pod?["metadata"] as JsonObject, "name") ?? Text(pod?["metadata"] as JsonObject, "generateName") ?? "";

    private static string RoleLabel(SparkRole role) => role switch
    {
        SparkRole.Driver => "driver",
        SparkRole.Executor => "executor",
        _ => "none",
    };

    private static string OutcomeLabel(MutationOutcome outcome) => outcome switch
    {
        MutationOutcome.Mutated => "mutated",
        MutationOutcome.Unchanged => "unchanged",
        MutationOutcome.OptedOut => "opted_out",
        _ => "ignored",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Placement decision failed for pod {Namespace}/{Name}; admitted unchanged")]
    private static partial void LogFailed(ILogger logger, string? @namespace, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pod {Namespace}/{Name}: {Outcome} ({Summary}), dryRun={DryRun}")]
    private static partial void LogDecided(ILogger logger, string? @namespace, string name, string outcome, string summary, bool dryRun);
}
