namespace SchedulerExtender.Alibaba.Ack;

/// <summary>The header values an ROA signature covers; null or empty when the request has none.</summary>
public sealed record RoaSignedHeaders(string? Accept, string? ContentMd5, string? ContentType, string? Date, IReadOnlyList<KeyValuePair<string, string>> AcsHeaders);
