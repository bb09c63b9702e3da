using System.Text.Json;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Host.Extender;

/// <summary>
/// Decodes kube-scheduler's <c>ExtenderPreemptionArgs</c> (k8s.io/kube-scheduler/extender/v1):
/// <c>NodeNameToMetaVictims</c> (victims by UID, what a <c>nodeCacheCapable</c> extender gets) or
/// <c>NodeNameToVictims</c> (whole victim pods, of which only <c>metadata</c> is read: the UID, as
/// the answer names victims by UID either way, and whether the pod is a Spark driver, by its
/// labels). Keys match case-insensitively as in Go. A node whose
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
                Victims(ref reader, "NodeNameToMetaVictims", metaPods: true, candidates, pool);
            }
            else if (JsonNames.Is(ref reader, "nodenametovictims"u8))
            {
                KubeJson.Next(ref reader);
                Victims(ref reader, "NodeNameToVictims", metaPods: false, candidates, pool);
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        return new ParsedPreemptionArgs(ExtenderArgsParser.End(ref reader, pod, Type), [.. candidates.Values]);
    }

    private static void Victims(ref Utf8JsonReader reader, string what, bool metaPods, Dictionary<string, PreemptionCandidate> candidates, StringPool pool)
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
            List<string>? drivers = metaPods ? null : [];
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
                            if (metaPods)
                            {
                                uids.Add(Member(ref reader, victim, "uid"u8, "UID"));
                            }
                            else
                            {
                                var (uid, driver) = VictimPod(ref reader, victim, pool);
                                uids.Add(uid);
                                if (driver is not null)
                                {
                                    drivers!.Add(driver);
                                }
                            }
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

            candidates[node] = new PreemptionCandidate(node, uids, violations, drivers);
        }
    }

    /// <summary>
    /// A victim <c>v1.Pod</c>'s <c>metadata.uid</c>, and its <c>namespace/name</c> when its labels
    /// make it a Spark driver (by the classifier the webhook and the filter use).
    /// </summary>
    private static (string Uid, string? Driver) VictimPod(ref Utf8JsonReader reader, string what, StringPool pool)
    {
        var found = false;
        (string? Uid, string? Driver) victim = default;
        if (KubeJson.StartObject(ref reader, what))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "metadata"u8))
                {
                    KubeJson.Next(ref reader);
                    found = true;
                    victim = VictimMetadata(ref reader, what + ".metadata", pool);
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        if (!found)
        {
            throw new ExtenderRequestException($"{what} has no metadata; victims are answered by UID");
        }

        return victim.Uid is { Length: > 0 } uid
            ? (uid, victim.Driver)
            : throw new ExtenderRequestException($"{what}.metadata.uid is missing or empty; victims are answered by UID");
    }

    private static (string? Uid, string? Driver) VictimMetadata(ref Utf8JsonReader reader, string what, StringPool pool)
    {
        string? uid = null, name = null, ns = null;
        IReadOnlyDictionary<string, string>? labels = null;
        if (KubeJson.StartObject(ref reader, what))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "uid"u8))
                {
                    KubeJson.Next(ref reader);
                    uid = KubeJson.String(ref reader, what + ".uid");
                }
                else if (JsonNames.Is(ref reader, "name"u8))
                {
                    KubeJson.Next(ref reader);
                    name = KubeJson.String(ref reader, what + ".name");
                }
                else if (JsonNames.Is(ref reader, "namespace"u8))
                {
                    KubeJson.Next(ref reader);
                    ns = KubeJson.String(ref reader, what + ".namespace");
                }
                else if (JsonNames.Is(ref reader, "labels"u8))
                {
                    KubeJson.Next(ref reader);
                    labels = KubeJson.StringMap(ref reader, what + ".labels", keep: null, pool);
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        var driver = labels is not null && SparkPodClassifier.Classify(labels.GetValueOrDefault) == SparkRole.Driver
            ? (name is null ? uid : $"{ns ?? "default"}/{name}")
            : null;
        return (uid, driver);
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
