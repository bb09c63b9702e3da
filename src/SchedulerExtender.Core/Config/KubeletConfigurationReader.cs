using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Reads <c>spec.kubeletConfiguration</c> of an ECSNodeClass with the provider's rules (its CRD's
/// validations): non-negative maxPods and podsPerCore; systemReserved / kubeReserved keyed by cpu,
/// memory, ephemeral-storage or pid with non-negative quantities; eviction maps keyed by the
/// kubelet's signals, thresholds as quantities or percentages; every evictionSoft signal with a
/// grace period and no grace period without its signal; image GC thresholds 0..100 with high above
/// low. Beyond the CRD, values a kubelet would refuse at start-up (a clusterDNS that is not an IP
/// address, a quantity that does not parse) are refused here, where the path can be named, rather
/// than on a node that never joins.
/// </summary>
internal static class KubeletConfigurationReader
{
    private const string P = "spec.kubeletConfiguration";

    public static KubeletConfiguration? Read(FieldReader r, JsonObject spec)
    {
        if (r.Object(spec, "kubeletConfiguration", "spec") is not { } o)
        {
            return null;
        }

        r.RejectUnknown(o, P, "clusterDNS", "maxPods", "podsPerCore", "systemReserved", "kubeReserved", "evictionHard", "evictionSoft",
            "evictionSoftGracePeriod", "evictionMaxPodGracePeriod", "imageGCHighThresholdPercent", "imageGCLowThresholdPercent", "cpuCFSQuota");
        var evictionSoft = Thresholds(r, o, "evictionSoft");
        var gracePeriods = GracePeriods(r, o);
        MatchGracePeriods(r, evictionSoft, gracePeriods);
        var high = Int(r, o, "imageGCHighThresholdPercent", 0, 100);
        var low = Int(r, o, "imageGCLowThresholdPercent", 0, 100);
        if (high is { } h && low is { } l && h <= l)
        {
            r.Error(FieldReader.Join(P, "imageGCHighThresholdPercent"), $"{h} must be greater than imageGCLowThresholdPercent ({l})");
        }

        return new KubeletConfiguration
        {
            ClusterDns = ClusterDns(r, o),
            MaxPods = Int(r, o, "maxPods", 0, int.MaxValue),
            PodsPerCore = Int(r, o, "podsPerCore", 0, int.MaxValue),
            SystemReserved = Reserved(r, o, "systemReserved"),
            KubeReserved = Reserved(r, o, "kubeReserved"),
            EvictionHard = Thresholds(r, o, "evictionHard"),
            EvictionSoft = evictionSoft,
            EvictionSoftGracePeriod = gracePeriods,
            EvictionMaxPodGracePeriod = Int(r, o, "evictionMaxPodGracePeriod", int.MinValue, int.MaxValue),
            ImageGcHighThresholdPercent = high,
            ImageGcLowThresholdPercent = low,
            CpuCfsQuota = Bool(r, o, "cpuCFSQuota"),
        };
    }

    // An eviction threshold (a non-negative quantity, or 0%–100% of the signal's capacity): read as the reservation reads it.
    private static bool IsThreshold(string text) => Provisioning.EvictionThreshold.Parse(text) is not null;

    private static int? Int(FieldReader r, JsonObject o, string name, long min, long max) => r.Integer(o, name, P, min, max) is { } n ? (int)n : null;

    private static bool? Bool(FieldReader r, JsonObject o, string name)
    {
        switch (o[name])
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>();
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b):
                return b;
            default:
                r.Error(FieldReader.Join(P, name), "must be true or false");
                return null;
        }
    }

    private static List<string> ClusterDns(FieldReader r, JsonObject o)
    {
        var list = r.Strings(o, "clusterDNS", P);
        for (var i = 0; i < list.Count; i++)
        {
            if (!IPAddress.TryParse(list[i], out _))
            {
                r.Error(FieldReader.Index(FieldReader.Join(P, "clusterDNS"), i), $"\"{list[i]}\" is not an IP address");
            }
        }

        return [.. list];
    }

    private static IReadOnlyDictionary<string, string> Reserved(FieldReader r, JsonObject o, string name) =>
        CheckedMap(r, o, name, KubeletConfiguration.ReservableResources, "resource", text => KubernetesQuantity.ParseWhole(text) is not null,
            "is not a non-negative resource quantity");

    private static IReadOnlyDictionary<string, string> Thresholds(FieldReader r, JsonObject o, string name) =>
        CheckedMap(r, o, name, KubeletConfiguration.EvictionSignals, "eviction signal", IsThreshold,
            "is not a threshold (a non-negative quantity such as 500Mi, or a percentage from 0% to 100%)");

    private static IReadOnlyDictionary<string, string> GracePeriods(FieldReader r, JsonObject o) =>
        CheckedMap(r, o, "evictionSoftGracePeriod", KubeletConfiguration.EvictionSignals, "eviction signal",
            text => Durations.TryParse(text, allowNever: false, out _), "is not a duration (like 30s, 1m30s)");

    /// <summary>A map whose keys must be among <paramref name="keys"/> and whose values pass <paramref name="valid"/>; bad entries are reported and left out.</summary>
    private static IReadOnlyDictionary<string, string> CheckedMap(
        FieldReader r, JsonObject o, string name, IReadOnlyList<string> keys, string keyKind, Func<string, bool> valid, string invalid)
    {
        var path = FieldReader.Join(P, name);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in r.Map(o, name, P))
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                r.Error(FieldReader.Join(path, key), $"unknown {keyKind} (expected one of {string.Join(", ", keys)})");
            }
            else if (!valid(value))
            {
                r.Error(FieldReader.Join(path, key), $"\"{value}\" {invalid}");
            }
            else
            {
                // Trimmed: the value becomes part of a kubelet flag, where a space would split it.
                map[key] = value.Trim();
            }
        }

        return map;
    }

    // The kubelet needs a grace period for each soft threshold (it refuses to start otherwise), and a
    // grace period without its threshold is a typo: both are refused, as the provider's CRD does.
    private static void MatchGracePeriods(FieldReader r, IReadOnlyDictionary<string, string> soft, IReadOnlyDictionary<string, string> grace)
    {
        foreach (var signal in soft.Keys.Where(k => !grace.ContainsKey(k)))
        {
            r.Error(FieldReader.Join(FieldReader.Join(P, "evictionSoft"), signal), "has no matching evictionSoftGracePeriod");
        }

        foreach (var signal in grace.Keys.Where(k => !soft.ContainsKey(k)))
        {
            r.Error(FieldReader.Join(FieldReader.Join(P, "evictionSoftGracePeriod"), signal), "has no matching evictionSoft");
        }
    }
}
