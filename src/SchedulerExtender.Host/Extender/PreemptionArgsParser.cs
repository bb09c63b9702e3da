using System.Text.Json;
using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Decodes kube-scheduler's <c>ExtenderPreemptionArgs</c> (k8s.io/kube-scheduler/extender/v1):
/// <c>NodeNameToMetaVictims</c> (victims by UID, what a <c>nodeCacheCapable</c> extender gets) or
/// <c>NodeNameToVictims</c> (whole victim pods, of which only <c>metadata.uid</c> is kept: the
/// answer names victims by UID either way). Keys match case-insensitively as in Go. A node whose
/// victims are null is left out: there is nothing to preempt there. Throws
/// <see cref="ExtenderRequestException"/> on anything unusable.
/// </summary>
public static class PreemptionArgsParser
{
    private const string Type = "ExtenderPreemptionArgs";

    public static ParsedPreemptionArgs Parse(ReadOnlySpan<byte> body) =>
        ExtenderArgsParser.Decode(body, "ExtenderPreemptionArgs JSON {\"Pod\":…,\"NodeNameToMetaVictims\":…}", ParseArgs);

    private static ParsedPreemptionArgs ParseArgs(ReadOnlySpan<byte> body)
    {
        var pool = new StringPool();
        var reader = new Utf8JsonReader(body, ExtenderArgsParser.Options);
        KubeJson.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ExtenderRequestException($"{Type} must be a JSON object, found {reader.TokenType}");
        }

        SchedulingPod? pod = null;
        // Keyed by node: a name sent twice (in both maps) is one candidate, the last one read.
        var candidates = new Dictionary<string, PreemptionCandidate>(StringComparer.Ordinal);
        while (KubeJson.NextProperty(ref reader))
        {
            if (JsonNames.Is(ref reader, "pod"u8))
            {
                KubeJson.Next(ref reader);
                pod = ExtenderArgsParser.Pod(ref reader, pool);
            }
            else if (JsonNames.Is(ref reader, "nodenametometavictims"u8))
            {
                KubeJson.Next(ref reader);
                Victims(ref reader, "NodeNameToMetaVictims", metaPods: true, candidates);
            }
            else if (JsonNames.Is(ref reader, "nodenametovictims"u8))
            {
                KubeJson.Next(ref reader);
                Victims(ref reader, "NodeNameToVictims", metaPods: false, candidates);
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        return new ParsedPreemptionArgs(ExtenderArgsParser.End(ref reader, pod, Type), [.. candidates.Values]);
    }

    private static void Victims(ref Utf8JsonReader reader, string what, bool metaPods, Dictionary<string, PreemptionCandidate> candidates)
    {
        if (!KubeJson.StartObject(ref reader, what))
        {
            return;
        }

        while (KubeJson.NextProperty(ref reader))
        {
            var node = reader.GetString()!;
            var where = $"{what}[{node}]";
            KubeJson.Next(ref reader);
            if (!KubeJson.StartObject(ref reader, where))
            {
                candidates.Remove(node);
                continue;
            }

            var uids = new List<string>();
            long violations = 0;
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "pods"u8))
                {
                    KubeJson.Next(ref reader);
                    if (KubeJson.StartArray(ref reader, where + ".Pods"))
                    {
                        for (KubeJson.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; KubeJson.Next(ref reader))
                        {
                            var victim = $"{where}.Pods[{uids.Count}]";
                            uids.Add(metaPods ? Member(ref reader, victim, "uid"u8, "UID") : PodUid(ref reader, victim));
                        }
                    }
                }
                else if (JsonNames.Is(ref reader, "numpdbviolations"u8))
                {
                    KubeJson.Next(ref reader);
                    violations = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) && count >= 0
                        ? count
                        : throw new ExtenderRequestException($"{where}.NumPDBViolations must be a non-negative integer, found {reader.TokenType}");
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }

            candidates[node] = new PreemptionCandidate(node, uids, violations);
        }
    }

    /// <summary>A victim <c>v1.Pod</c>'s <c>metadata.uid</c>.</summary>
    private static string PodUid(ref Utf8JsonReader reader, string what)
    {
        string? uid = null;
        if (KubeJson.StartObject(ref reader, what))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "metadata"u8))
                {
                    KubeJson.Next(ref reader);
                    uid = Member(ref reader, what + ".metadata", "uid"u8, "uid");
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        return uid ?? throw new ExtenderRequestException($"{what} has no metadata; victims are answered by UID");
    }

    /// <summary>The non-empty string member <paramref name="key"/> of the object at the reader (<paramref name="shown"/> in messages).</summary>
    private static string Member(ref Utf8JsonReader reader, string what, ReadOnlySpan<byte> key, string shown)
    {
        string? value = null;
        if (KubeJson.StartObject(ref reader, what))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, key))
                {
                    KubeJson.Next(ref reader);
                    value = KubeJson.String(ref reader, $"{what}.{shown}");
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        return value is { Length: > 0 } ? value : throw new ExtenderRequestException($"{what}.{shown} is missing or empty; victims are answered by UID");
    }
}
