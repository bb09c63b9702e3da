using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Maps a <c>karpenter.k8s.alibabacloud/v1alpha1</c> ECSNodeClass document to a validated
/// <see cref="EcsNodeClass"/>, with the provider's rules: selector terms by tags or id (not both),
/// one image alias or image ids, system disk categories / PL0..PL3 / 20..2048 GiB, and the
/// kubelet configuration's (<see cref="KubeletConfigurationReader"/>).
/// </summary>
public static class EcsNodeClassReader
{
    public const string ApiVersion = "karpenter.k8s.alibabacloud/v1alpha1";
    public const string Kind = "ECSNodeClass";

    private static readonly string[] DiskCategories = ["cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry"];
    private static readonly string[] PerformanceLevels = ["PL0", "PL1", "PL2", "PL3"];
    private static readonly string[] ImageFamilies = ["AlibabaCloudLinux3", "ContainerOS"];

    public static ConfigReadResult<EcsNodeClass> Read(JsonNode? document)
    {
        var r = new FieldReader();
        if (document is not JsonObject root)
        {
            r.Error("", "the document must be an object");
            return new(null, r.Errors);
        }

        var name = DocumentHeader.Read(r, root, ApiVersion, Kind);
        if (r.Object(root, "spec", "", required: true) is not { } spec)
        {
            return new(null, r.Errors);
        }

        r.RejectUnknown(spec, "spec", "vSwitchSelectorTerms", "vSwitchSelectionPolicy", "securityGroupSelectorTerms", "imageSelectorTerms",
            "kubeletConfiguration", "systemDisk", "tags", "userData", "resourceGroupId");
        var nodeClass = new EcsNodeClass(
            name ?? "",
            SelectorTerms(r, spec, "vSwitchSelectorTerms", allowName: false),
            SelectorTerms(r, spec, "securityGroupSelectorTerms", allowName: true),
            ImageTerms(r, spec),
            Disk(r, spec),
            r.Map(spec, "tags", "spec"),
            r.String(spec, "userData", "spec"))
        {
            Kubelet = KubeletConfigurationReader.Read(r, spec) is { IsEmpty: false } kubelet ? kubelet : null,
        };
        return r.Errors.Count == 0 ? new(nodeClass, []) : new(null, r.Errors);
    }

    private static List<SelectorTerm> SelectorTerms(FieldReader r, JsonObject spec, string field, bool allowName) =>
        Terms(r, spec, field, (o, ip, _) =>
        {
            r.RejectUnknown(o, ip, allowName ? ["tags", "id", "name"] : ["tags", "id"]);
            var tags = r.Map(o, "tags", ip);
            var id = r.String(o, "id", ip);
            var name = allowName ? r.String(o, "name", ip) : null;
            var set = (tags.Count > 0 ? 1 : 0) + (id is not null ? 1 : 0) + (name is not null ? 1 : 0);
            if (set == 0)
            {
                r.Error(ip, allowName ? "needs tags, id or name" : "needs tags or id");
                return null;
            }

            if (set > 1 && (id is not null || name is not null))
            {
                r.Error(ip, id is not null ? "id cannot be combined with other fields" : "name cannot be combined with other fields");
                return null;
            }

            return new SelectorTerm(tags, id, name);
        });

    private static List<ImageSelectorTerm> ImageTerms(FieldReader r, JsonObject spec) =>
        Terms(r, spec, "imageSelectorTerms", (o, ip, count) =>
        {
            r.RejectUnknown(o, ip, "alias", "id");
            var alias = r.String(o, "alias", ip);
            var id = r.String(o, "id", ip);
            if ((alias is null) == (id is null))
            {
                r.Error(ip, "needs exactly one of alias or id");
                return null;
            }

            if (alias is not null && Array.IndexOf(ImageFamilies, alias.Split('@')[0]) < 0)
            {
                r.Error(FieldReader.Join(ip, "alias"), $"\"{alias}\" is not one of {string.Join(", ", ImageFamilies)}");
                return null;
            }

            if (alias is not null && count != 1)
            {
                r.Error(FieldReader.Join(ip, "alias"), "an alias must be the only image selector term");
                return null;
            }

            return new ImageSelectorTerm(alias, id);
        });

    // A required, non-empty list of objects under spec.FIELD; each object is read by readOne
    // (given its field path and the list's length), which reports its own errors and returns null.
    private static List<T> Terms<T>(FieldReader r, JsonObject spec, string field, Func<JsonObject, string, int, T?> readOne)
        where T : class
    {
        var list = new List<T>();
        var p = FieldReader.Join("spec", field);
        var items = r.Array(spec, field, "spec", required: true);
        if (items is { Count: 0 })
        {
            r.Error(p, "must have at least one term");
        }

        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var ip = FieldReader.Index(p, i);
            if (items![i] is not JsonObject o)
            {
                r.Error(ip, "must be an object");
            }
            else if (readOne(o, ip, items.Count) is { } term)
            {
                list.Add(term);
            }
        }

        return list;
    }

    private static SystemDisk? Disk(FieldReader r, JsonObject spec)
    {
        const string p = "spec.systemDisk";
        if (r.Object(spec, "systemDisk", "spec") is not { } o)
        {
            return null;
        }

        r.RejectUnknown(o, p, "categories", "performanceLevel", "size");
        var categories = r.Strings(o, "categories", p);
        for (var i = 0; i < categories.Count; i++)
        {
            if (Array.IndexOf(DiskCategories, categories[i]) < 0)
            {
                r.Error(FieldReader.Index(FieldReader.Join(p, "categories"), i), $"\"{categories[i]}\" is not one of {string.Join(", ", DiskCategories)}");
            }
        }

        var level = r.String(o, "performanceLevel", p) ?? "PL0";
        if (Array.IndexOf(PerformanceLevels, level) < 0)
        {
            r.Error(FieldReader.Join(p, "performanceLevel"), $"\"{level}\" is not one of {string.Join(", ", PerformanceLevels)}");
        }

        var size = r.Integer(o, "size", p, 20, 2048);
        return new SystemDisk(categories, level, size is { } s ? (int)s : null);
    }
}
