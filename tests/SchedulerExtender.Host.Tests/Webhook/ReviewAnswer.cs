namespace SchedulerExtender.Host.Tests.Webhook;

/// <summary>A decoded AdmissionResponse; <see cref="Patch"/> is the JSON Patch, base64-decoded.</summary>
internal sealed record ReviewAnswer(string Uid, bool Allowed, string? PatchType, byte[]? Patch, IReadOnlyList<string> Warnings);
