using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>
/// What the simulator takes from a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1):
/// the profiles' schedulerNames and the extenders, so local mode calls the extender exactly as
/// manifests/scheduler/scheduler-config.yaml tells the real kube-scheduler to.
/// </summary>
public sealed partial record SchedulerConfiguration(IReadOnlyList<string> SchedulerNames, IReadOnlyList<ExtenderConfig> Extenders)
{
    /// <summary>Reads the YAML; throws <see cref="FormatException"/> naming the bad field.</summary>
    public static SchedulerConfiguration Read(string yaml)
    {
        Dictionary<object, object?> root;
        try
        {
            root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(yaml)
                ?? throw new FormatException("The scheduler configuration is empty.");
        }
        catch (YamlException e)
        {
            throw new FormatException($"The scheduler configuration is not valid YAML: {e.Message}", e);
        }

        if (Text(root, "kind") != "KubeSchedulerConfiguration")
        {
            throw new FormatException($"kind is \"{Text(root, "kind")}\", not KubeSchedulerConfiguration.");
        }

        var profiles = List(root, "profiles").Select(p => Text(p, "schedulerName") ?? "default-scheduler").ToList();
        var extenders = List(root, "extenders").Select((e, i) => Extender(e, i)).ToList();
        return new SchedulerConfiguration(profiles.Count == 0 ? ["default-scheduler"] : profiles, extenders);
    }

    private static ExtenderConfig Extender(Dictionary<object, object?> e, int index)
    {
        var where = $"extenders[{index}]";
        var timeout = TimeSpan.FromSeconds(30);
        if (Text(e, "httpTimeout") is { } text)
        {
            timeout = GoDuration(text) ?? throw new FormatException($"{where}.httpTimeout \"{text}\" is not a duration.");
        }

        var tls = e.GetValueOrDefault("tlsConfig") as Dictionary<object, object?>;
        string? caBundle = null;
        if (tls is not null && Text(tls, "caData") is { Length: > 0 } caData)
        {
            try
            {
                caBundle = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(caData));
            }
            catch (FormatException error)
            {
                throw new FormatException($"{where}.tlsConfig.caData is not base64.", error);
            }
        }

        return new ExtenderConfig
        {
            UrlPrefix = Text(e, "urlPrefix") ?? throw new FormatException($"{where}.urlPrefix is missing."),
            FilterVerb = Text(e, "filterVerb"),
            PrioritizeVerb = Text(e, "prioritizeVerb"),
            Weight = long.TryParse(Text(e, "weight") ?? "1", CultureInfo.InvariantCulture, out var weight) && weight > 0
                ? weight
                : throw new FormatException($"{where}.weight must be a positive integer."),
            NodeCacheCapable = Flag(e, "nodeCacheCapable", where),
            Ignorable = Flag(e, "ignorable", where),
            HttpTimeout = timeout,
            CaBundle = caBundle,
            CaFile = tls is null ? null : Text(tls, "caFile"),
        };
    }

    /// <summary>A Go duration as the config uses them ("5s", "500ms", "1m30s"); null when it is not one.</summary>
    private static TimeSpan? GoDuration(string text)
    {
        var parts = DurationPart().Matches(text);
        if (text.Length == 0 || parts.Sum(m => m.Length) != text.Length)
        {
            return null;
        }

        return parts.Aggregate(TimeSpan.Zero, (sum, m) => sum + (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromHours(1),
        }));
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex DurationPart();

    private static string? Text(Dictionary<object, object?> map, string key) => map.GetValueOrDefault(key) as string;

    private static bool Flag(Dictionary<object, object?> map, string key, string where) => Text(map, key) switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw new FormatException($"{where}.{key} \"{other}\" is not true or false."),
    };

    private static IEnumerable<Dictionary<object, object?>> List(Dictionary<object, object?> map, string key) =>
        (map.GetValueOrDefault(key) as List<object?> ?? []).OfType<Dictionary<object, object?>>();
}
