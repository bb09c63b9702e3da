using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Webhook;

/// <summary>The parts of an <c>admission.k8s.io/v1</c> AdmissionRequest the webhook uses.</summary>
public sealed record AdmissionRequest(string Uid, string Operation, string? Namespace, JsonObject? Object, bool DryRun);
