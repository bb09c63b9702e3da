using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Converts an ECSNodeClass of Karpenter's Alibaba Cloud provider
/// (<c>karpenter.alibabacloud.com/v1alpha1</c>) to schedext's
/// (<c>karpenter.k8s.alibabacloud/v1alpha1</c>), field by field, keeping <c>metadata.name</c> so
/// NodePools keep their <c>nodeClassRef.name</c>. A field schedext has no counterpart for is
/// dropped with a warning; a field whose loss would change which subnet, security group or image a
/// node gets (an image chosen by name or tags, a security group by name and tags, a vSwitch by zone
/// only, a launch template) refuses the object instead, since a node class that silently launches
/// something else is worse than none. The mapping is documented in manifests/README.md
/// ("Migrating from Karpenter"); this type is pure (no I/O).
/// </summary>
public static class KarpenterEcsNodeClassConverter
{
    public const string SourceApiVersion = "karpenter.alibabacloud.com/v1alpha1";
    public const string SourceGroup = "karpenter.alibabacloud.com";

    // The public image families behind schedext's image aliases, with the architecture a family is
    // for when its alias is built for several (the NodePool must then pin it).
    private static readonly Dictionary<string, (string Alias, string? Architecture)> Families = ImageAliasFamilies.All.ToDictionary(
        f => f.Family,
        f => (f.Alias, ImageAliasFamilies.All.Count(o => o.Alias == f.Alias) > 1 ? f.EcsArchitecture : (string?)null),
        StringComparer.Ordinal);

    // The kubelet fields both CRDs spell the same way (Karpenter's spec.kubelet, schedext's spec.kubeletConfiguration).
    private static readonly string[] KubeletFields =
    [
        "clusterDNS", "maxPods", "podsPerCore", "systemReserved", "kubeReserved", "evictionHard", "evictionSoft",
        "evictionSoftGracePeriod", "evictionMaxPodGracePeriod", "imageGCHighThresholdPercent", "imageGCLowThresholdPercent", "cpuCFSQuota",
    ];

    // Spec fields with no counterpart in schedext, and what their loss means.
    private static readonly Dictionary<string, string> Dropped = new(StringComparer.Ordinal)
    {
        ["clusterID"] = "schedext takes the cluster from its configuration (Provisioner.ClusterId)",
        ["clusterName"] = "schedext takes the cluster from its configuration",
        ["clusterEndpoint"] = "schedext's bootstrap finds the API server itself",
        ["role"] = "schedext's ECSNodeClass has no RAM role: nodes launch without an instance RAM role",
        ["dataDisks"] = "schedext's ECSNodeClass has no data disks: nodes launch with the system disk only",
        ["instanceStorePolicy"] = "schedext does not manage local instance storage",
        ["spotStrategy"] = "schedext launches spot capacity as SpotAsPriceGo (no price limit); the capacity type comes from the NodePool's karpenter.sh/capacity-type requirement",
        ["spotPriceLimit"] = "schedext launches spot capacity as SpotAsPriceGo, without a price limit",
        ["capacityReservationSelectorTerms"] = "schedext does not use capacity reservations",
        ["capacityReservationPreference"] = "schedext does not use capacity reservations",
        ["metadataOptions"] = "schedext does not set instance metadata options",
        ["launchTemplateVersion"] = "schedext does not use launch templates",
    };

    public static MigrationResult Convert(JsonObject source)
    {
        var warnings = new List<ConfigError>();
        var errors = new List<ConfigError>();
        void Warn(string path, string message) => warnings.Add(new(path, message));
        void Refuse(string path, string message) => errors.Add(new(path, message));

        if (Text(source["apiVersion"]) != SourceApiVersion || Text(source["kind"]) != EcsNodeClassReader.Kind)
        {
            Refuse("apiVersion", $"not a {SourceApiVersion} {EcsNodeClassReader.Kind}");
            return new(null, warnings, errors);
        }

        var spec = source["spec"] as JsonObject ?? [];
        var target = new JsonObject
        {
            ["apiVersion"] = EcsNodeClassReader.ApiVersion,
            ["kind"] = EcsNodeClassReader.Kind,
            ["metadata"] = Metadata(source["metadata"] as JsonObject, Warn),
        };
        var targetSpec = new JsonObject();
        target["spec"] = targetSpec;

        foreach (var (field, value) in spec)
        {
            var path = $"spec.{field}";
            switch (field)
            {
                case "vSwitchSelectorTerms":
                    targetSpec[field] = VSwitchTerms(value, path, Warn, Refuse);
                    break;
                case "securityGroupSelectorTerms":
                    targetSpec[field] = SecurityGroupTerms(value, path, Refuse);
                    break;
                case "imageSelectorTerms":
                    targetSpec[field] = ImageTerms(value, path, Warn, Refuse);
                    break;
                case "systemDisk":
                    targetSpec[field] = SystemDisk(value as JsonObject ?? [], path, Warn);
                    break;
                case "kubelet":
                    targetSpec["kubeletConfiguration"] = Kubelet(value as JsonObject ?? [], path, Warn);
                    break;
                case "tags" or "userData":
                    targetSpec[field] = value?.DeepClone();
                    break;
                case "launchTemplateID":
                    if (value is not null)
                    {
                        Refuse(path, "schedext does not use launch templates: write the template's vSwitches, security groups, image and disk as selector terms");
                    }

                    break;
                default:
                    Warn(path, "dropped: " + (Dropped.TryGetValue(field, out var why) ? why : "not a field of Karpenter's ECSNodeClass that schedext knows"));
                    break;
            }
        }

        return errors.Count == 0 ? new(target, warnings, []) : new(null, warnings, errors);
    }

    // Only the name, labels and annotations are the user's; uid, resourceVersion and the like are the old object's.
    private static JsonObject Metadata(JsonObject? source, Action<string, string> warn)
    {
        var metadata = new JsonObject { ["name"] = source?["name"]?.DeepClone() };
        if (source?["labels"] is JsonObject labels)
        {
            metadata["labels"] = labels.DeepClone();
        }

        if (source?["annotations"] is JsonObject annotations)
        {
            var kept = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                // kubectl's record of the old object, and Karpenter's own bookkeeping, mean nothing on the new one.
                if (key == "kubectl.kubernetes.io/last-applied-configuration" || key.StartsWith("karpenter.", StringComparison.Ordinal))
                {
                    warn($"metadata.annotations[{key}]", "dropped: it describes the Karpenter object, not the new one");
                    continue;
                }

                kept[key] = value?.DeepClone();
            }

            if (kept.Count > 0)
            {
                metadata["annotations"] = kept;
            }
        }

        return metadata;
    }

    private static JsonArray VSwitchTerms(JsonNode? value, string path, Action<string, string> warn, Action<string, string> refuse) =>
        Terms(value, path, (term, tp) =>
        {
            WarnUnknown(term, tp, warn, "tags", "id", "zoneID");
            var result = Copy(term, "tags", "id");
            if (term["zoneID"] is not null)
            {
                if (result.Count == 0)
                {
                    refuse(FieldReader.Join(tp, "zoneID"), "schedext selects vSwitches by tags or id only: name the zone's vSwitches by tag or id");
                    return null;
                }

                warn(FieldReader.Join(tp, "zoneID"), "dropped: schedext selects vSwitches by tags or id only, so the term now matches the tagged vSwitches of every zone; restrict zones with the NodePool's topology.kubernetes.io/zone requirement");
            }

            return result;
        });

    private static JsonArray SecurityGroupTerms(JsonNode? value, string path, Action<string, string> refuse) =>
        Terms(value, path, (term, tp) =>
        {
            var result = Copy(term, "tags", "id", "name");
            if (result.ContainsKey("name") && result.ContainsKey("tags"))
            {
                refuse(tp, "schedext cannot select a security group by name and tags together: use its id, or one of the two");
                return null;
            }

            var unknown = term.Select(p => p.Key).Except(["tags", "id", "name"]).ToList();
            if (unknown.Count > 0)
            {
                refuse(FieldReader.Join(tp, unknown[0]), "not a security group selector field schedext knows");
                return null;
            }

            return result;
        });

    // Karpenter selects images by id, family, name, tags or owner; schedext by id or by an alias that
    // stands for a public family (resolved per architecture). Ids map as they are, the families
    // behind an alias map to it; anything else would pick another image, so it is refused.
    private static JsonArray ImageTerms(JsonNode? value, string path, Action<string, string> warn, Action<string, string> refuse)
    {
        var aliases = new List<(string Alias, string? Architecture, string Path)>();
        var ids = new JsonArray();
        Terms(value, path, (term, tp) =>
        {
            if (Text(term["id"]) is { } id)
            {
                ids.Add(new JsonObject { ["id"] = id });
                return null;
            }

            var family = Text(term["imageFamily"]);
            if (family is null || !Families.TryGetValue(family, out var known))
            {
                var fields = string.Join(", ", term.Select(p => p.Key));
                refuse(tp, family is null
                    ? $"schedext selects images by id or alias only ({fields} has no counterpart): use the image's id"
                    : $"image family \"{family}\" has no schedext alias (known: {string.Join(", ", Families.Keys)}): use an image id");
                return null;
            }

            foreach (var (field, _) in term)
            {
                if (field == "imageFamily" || (field == "imageOwnerAlias" && Text(term[field]) == "system"))
                {
                    continue; // a schedext alias is a public (owner "system") family already
                }

                refuse(FieldReader.Join(tp, field), "cannot be combined with an image family in schedext: its alias stands for the family's newest public image");
                return null;
            }

            aliases.Add((known.Alias, known.Architecture, tp));
            return null;
        });

        var distinct = aliases.Select(a => a.Alias).Distinct().ToList();
        if (distinct.Count > 1 || (distinct.Count == 1 && ids.Count > 0))
        {
            refuse(path, "schedext takes one image alias as the only image selector term, or image ids: split this class into one per image family");
            return [];
        }

        if (distinct.Count == 1)
        {
            var architectures = aliases.Select(a => a.Architecture).Distinct().ToList();
            if (architectures is [{ } only])
            {
                warn(aliases[0].Path, $"approximated: alias {distinct[0]} picks the family's build for each instance's architecture, where Karpenter's term picks {only} images only; keep the NodePool to them with a requirement kubernetes.io/arch In [{(only == "x86_64" ? "amd64" : only)}]");
            }

            return [new JsonObject { ["alias"] = distinct[0] }];
        }

        return ids;
    }

    private static JsonObject SystemDisk(JsonObject disk, string path, Action<string, string> warn)
    {
        // Karpenter's CRD defaults category to cloud_essd and size to 40: an object read from the
        // cluster carries them; one written by hand gets the same values here.
        var result = new JsonObject
        {
            ["categories"] = new JsonArray(Text(disk["category"]) ?? "cloud_essd"),
            ["size"] = disk["size"]?.DeepClone() ?? 40,
        };
        if (disk["performanceLevel"] is { } level)
        {
            result["performanceLevel"] = level.DeepClone();
        }

        foreach (var (field, _) in disk)
        {
            if (field is not ("category" or "size" or "performanceLevel"))
            {
                warn(FieldReader.Join(path, field), field is "encrypted" or "kmsKeyID"
                    ? "dropped: schedext does not encrypt the system disk"
                    : "dropped: not a system disk field schedext knows");
            }
        }

        return result;
    }

    private static JsonObject Kubelet(JsonObject kubelet, string path, Action<string, string> warn)
    {
        var result = new JsonObject();
        foreach (var (field, value) in kubelet)
        {
            if (Array.IndexOf(KubeletFields, field) >= 0)
            {
                result[field] = value?.DeepClone();
            }
            else
            {
                warn(FieldReader.Join(path, field), "dropped: not a kubelet field schedext's kubeletConfiguration has");
            }
        }

        return result;
    }

    // The terms of a list, each converted by convert (null: left out, convert reported why).
    private static JsonArray Terms(JsonNode? value, string path, Func<JsonObject, string, JsonObject?> convert)
    {
        var result = new JsonArray();
        var items = value as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject term && convert(term, FieldReader.Index(path, i)) is { } converted)
            {
                result.Add(converted);
            }
        }

        return result;
    }

    private static JsonObject Copy(JsonObject term, params string[] fields)
    {
        var result = new JsonObject();
        foreach (var field in fields)
        {
            if (term[field] is { } value)
            {
                result[field] = value.DeepClone();
            }
        }

        return result;
    }

    private static void WarnUnknown(JsonObject term, string path, Action<string, string> warn, params string[] known)
    {
        foreach (var (field, _) in term)
        {
            if (Array.IndexOf(known, field) < 0)
            {
                warn(FieldReader.Join(path, field), "dropped: not a selector field schedext knows");
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
