using System.Globalization;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// A <see cref="KubeletConfiguration"/> in the kubelet's command-line flag form
/// (<c>--max-pods=20 --kube-reserved=cpu=200m,memory=1Gi --eviction-hard=memory.available&lt;500Mi</c>),
/// for a bootstrap script that starts the kubelet (custom user-data mode passes it as
/// <c>SCHEDEXT_KUBELET_ARGS</c>), and read back by the local kubelet simulator. Every field has a
/// kubelet flag: --cluster-dns, --max-pods, --pods-per-core, --system-reserved, --kube-reserved,
/// --eviction-hard, --eviction-soft, --eviction-soft-grace-period, --eviction-max-pod-grace-period,
/// --image-gc-high-threshold, --image-gc-low-threshold, --cpu-cfs-quota. Maps are written sorted by
/// key, so the same configuration always gives the same text. Values never contain spaces (the
/// reader trims them; quantities, IPs and durations have none), so the flags split on spaces.
/// </summary>
public static class KubeletFlags
{
    /// <summary>The flags, in a fixed order; empty when nothing is set.</summary>
    public static IReadOnlyList<string> For(KubeletConfiguration kubelet)
    {
        ArgumentNullException.ThrowIfNull(kubelet);
        var flags = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                flags.Add($"--{name}={value}");
            }
        }

        Add("cluster-dns", string.Join(',', kubelet.ClusterDns));
        Add("max-pods", Number(kubelet.MaxPods));
        Add("pods-per-core", Number(kubelet.PodsPerCore));
        Add("system-reserved", Pairs(kubelet.SystemReserved, '='));
        Add("kube-reserved", Pairs(kubelet.KubeReserved, '='));
        Add("eviction-hard", Pairs(kubelet.EvictionHard, '<'));
        Add("eviction-soft", Pairs(kubelet.EvictionSoft, '<'));
        Add("eviction-soft-grace-period", Pairs(kubelet.EvictionSoftGracePeriod, '='));
        Add("eviction-max-pod-grace-period", Number(kubelet.EvictionMaxPodGracePeriod));
        Add("image-gc-high-threshold", Number(kubelet.ImageGcHighThresholdPercent));
        Add("image-gc-low-threshold", Number(kubelet.ImageGcLowThresholdPercent));
        Add("cpu-cfs-quota", kubelet.CpuCfsQuota is { } quota ? (quota ? "true" : "false") : null);
        return flags;
    }

    /// <summary>The flags as one space-separated line (empty when nothing is set).</summary>
    public static string Line(KubeletConfiguration kubelet) => string.Join(' ', For(kubelet));

    /// <summary>
    /// The configuration a flag line sets (flags this type does not know, and words that are not
    /// <c>--name=value</c>, are skipped: a bootstrap may pass others).
    /// </summary>
    /// <exception cref="FormatException">A known flag has a value the kubelet would refuse.</exception>
    public static KubeletConfiguration Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var kubelet = KubeletConfiguration.Empty;
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (!word.StartsWith("--", StringComparison.Ordinal) || equals < 0)
            {
                continue;
            }

            var value = word[(equals + 1)..];
            kubelet = word[2..equals] switch
            {
                "cluster-dns" => kubelet with { ClusterDns = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "max-pods" => kubelet with { MaxPods = Int(word, value) },
                "pods-per-core" => kubelet with { PodsPerCore = Int(word, value) },
                "system-reserved" => kubelet with { SystemReserved = Map(word, value, '=') },
                "kube-reserved" => kubelet with { KubeReserved = Map(word, value, '=') },
                "eviction-hard" => kubelet with { EvictionHard = Map(word, value, '<') },
                "eviction-soft" => kubelet with { EvictionSoft = Map(word, value, '<') },
                "eviction-soft-grace-period" => kubelet with { EvictionSoftGracePeriod = Map(word, value, '=') },
                "eviction-max-pod-grace-period" => kubelet with { EvictionMaxPodGracePeriod = Int(word, value) },
                "image-gc-high-threshold" => kubelet with { ImageGcHighThresholdPercent = Int(word, value) },
                "image-gc-low-threshold" => kubelet with { ImageGcLowThresholdPercent = Int(word, value) },
                "cpu-cfs-quota" => kubelet with { CpuCfsQuota = bool.TryParse(value, out var b) ? b : throw new FormatException($"{word}: not true or false") },
                _ => kubelet,
            };
        }

        return kubelet;
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Pairs(IReadOnlyDictionary<string, string> map, char separator) =>
        string.Join(',', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}{separator}{p.Value}"));

    private static int Int(string word, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{word}: not an integer");

    private static SortedDictionary<string, string> Map(string word, string value, char separator)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new FormatException($"{word}: \"{pair}\" is not key{separator}value");
            }

            map[pair[..at]] = pair[(at + 1)..];
        }

        return map;
    }
}
