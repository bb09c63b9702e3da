using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Maps a <c>karpenter.sh/v1</c> NodePool document (already parsed from YAML or JSON) to a
/// validated <see cref="NodePool"/>, with Karpenter's defaults and an error per bad field.
/// </summary>
public static partial class NodePoolReader
{
    public const string ApiVersion = "karpenter.sh/v1";
    public const string Kind = "NodePool";

    private static readonly TimeSpan DefaultExpireAfter = TimeSpan.FromHours(720);
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly string[] BudgetReasons = ["Underutilized", "Empty", "Drifted"];

    // Karpenter sets these labels itself; a pool may not constrain them.
    private static readonly string[] RestrictedKeys = [WellKnownLabels.NodePool, "kubernetes.io/hostname"];

    public static ConfigReadResult<NodePool> Read(JsonNode? document)
    {
        var r = new FieldReader();
        if (document is not JsonObject root)
        {
            r.Error("", "the document must be an object");
            return new(null, r.Errors);
        }

        var name = DocumentHeader.Read(r, root, ApiVersion, Kind);
        var spec = r.Object(root, "spec", "", required: true);
        if (spec is null)
        {
            return new(null, r.Errors);
        }

        r.RejectUnknown(spec, "spec", "template", "disruption", "limits", "weight");
        var template = r.Object(spec, "template", "spec", required: true) ?? [];
        r.RejectUnknown(template, "spec.template", "metadata", "spec");
        var labels = r.Object(template, "metadata", "spec.template") is { } meta
            ? r.Map(meta, "labels", "spec.template.metadata")
            : new Dictionary<string, string>();
        var tspec = r.Object(template, "spec", "spec.template", required: true) ?? [];
        const string tp = "spec.template.spec";
        r.RejectUnknown(tspec, tp, "requirements", "taints", "startupTaints", "expireAfter", "nodeClassRef", "terminationGracePeriod");

        var pool = new NodePool(
            name ?? "",
            labels,
            Requirements(r, tspec, tp),
            Taints(r, tspec, "taints", tp),
            Taints(r, tspec, "startupTaints", tp),
            r.Duration(tspec, "expireAfter", tp, DefaultExpireAfter, allowNever: true),
            NodeClassRef(r, tspec, tp),
            Limits(r, spec),
            (int)(r.Integer(spec, "weight", "spec", 1, 100) ?? 0),
            ReadDisruption(r, spec))
        {
            TerminationGracePeriod = r.Duration(tspec, "terminationGracePeriod", tp, null, allowNever: false),
        };
        return r.Errors.Count == 0 ? new(pool, []) : new(null, r.Errors);
    }

    private static List<NodeSelectorRequirement> Requirements(FieldReader r, JsonObject tspec, string path)
    {
        var list = new List<NodeSelectorRequirement>();
        var p = FieldReader.Join(path, "requirements");
        var items = r.Array(tspec, "requirements", path) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var ip = FieldReader.Index(p, i);
            if (items[i] is not JsonObject o)
            {
                r.Error(ip, "must be an object");
                continue;
            }

            if (RequirementReader.Read(r, o, ip, allowMinValues: true) is { } req)
            {
                if (Array.IndexOf(RestrictedKeys, req.Key) >= 0)
                {
                    r.Error(FieldReader.Join(ip, "key"), $"\"{req.Key}\" is set by Karpenter and cannot be required");
                    continue;
                }

                list.Add(req);
            }
        }

        return list;
    }

    private static List<Taint> Taints(FieldReader r, JsonObject tspec, string name, string path)
    {
        var list = new List<Taint>();
        var p = FieldReader.Join(path, name);
        var items = r.Array(tspec, name, path) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var ip = FieldReader.Index(p, i);
            if (items[i] is not JsonObject o)
            {
                r.Error(ip, "must be an object");
                continue;
            }

            r.RejectUnknown(o, ip, "key", "value", "effect");
            var key = r.String(o, "key", ip, required: true);
            var value = r.String(o, "value", ip);
            var effect = r.String(o, "effect", ip, required: true);
            if (effect is not null && Array.IndexOf(TaintEffects, effect) < 0)
            {
                r.Error(FieldReader.Join(ip, "effect"), $"\"{effect}\" is not one of {string.Join(", ", TaintEffects)}");
            }
            else if (key is not null && effect is not null)
            {
                list.Add(new Taint(key, value, effect));
            }
        }

        return list;
    }

    private static NodeClassReference NodeClassRef(FieldReader r, JsonObject tspec, string path)
    {
        var p = FieldReader.Join(path, "nodeClassRef");
        var o = r.Object(tspec, "nodeClassRef", path, required: true) ?? [];
        r.RejectUnknown(o, p, "group", "kind", "name");
        return new NodeClassReference(
            r.String(o, "group", p, required: true) ?? "",
            r.String(o, "kind", p, required: true) ?? "",
            r.String(o, "name", p, required: true) ?? "");
    }

    private static NodePoolLimits Limits(FieldReader r, JsonObject spec)
    {
        if (r.Object(spec, "limits", "spec") is not { } o)
        {
            return NodePoolLimits.None;
        }

        r.RejectUnknown(o, "spec.limits", "cpu", "memory", "ephemeral-storage", "pods");
        long? Amount(string name, bool milli)
        {
            if (r.String(o, name, "spec.limits") is not { } text)
            {
                return null;
            }

            var value = milli ? KubernetesQuantity.ParseMilli(text) : KubernetesQuantity.ParseWhole(text);
            if (value is null)
            {
                r.Error(FieldReader.Join("spec.limits", name), $"\"{text}\" is not a resource quantity");
            }

            return value;
        }

        return new NodePoolLimits(Amount("cpu", true), Amount("memory", false), Amount("ephemeral-storage", false), Amount("pods", false));
    }

    private static Disruption ReadDisruption(FieldReader r, JsonObject spec)
    {
        const string p = "spec.disruption";
        if (r.Object(spec, "disruption", "spec") is not { } o)
        {
            return Disruption.Default;
        }

        r.RejectUnknown(o, p, "consolidationPolicy", "consolidateAfter", "budgets");
        var policy = r.Enum<ConsolidationPolicy>(o, "consolidationPolicy", p) ?? ConsolidationPolicy.WhenEmptyOrUnderutilized;
        var after = r.Duration(o, "consolidateAfter", p, TimeSpan.Zero, allowNever: true);
        var budgets = new List<DisruptionBudget>();
        var bp = FieldReader.Join(p, "budgets");
        var items = r.Array(o, "budgets", p);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var ip = FieldReader.Index(bp, i);
            if (items![i] is JsonObject b && Budget(r, b, ip) is { } budget)
            {
                budgets.Add(budget);
            }
            else if (items[i] is not JsonObject)
            {
                r.Error(ip, "must be an object");
            }
        }

        return new Disruption(policy, after, items is null ? [DisruptionBudget.Default] : budgets);
    }

    private static DisruptionBudget? Budget(FieldReader r, JsonObject b, string path)
    {
        r.RejectUnknown(b, path, "nodes", "schedule", "duration", "reasons");
        var nodes = r.String(b, "nodes", path, required: true);
        var schedule = r.String(b, "schedule", path);
        var duration = r.Duration(b, "duration", path, null, allowNever: false);
        var reasons = r.Strings(b, "reasons", path);
        var ok = true;
        if (schedule is not null && schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not 5 && !schedule.StartsWith('@'))
        {
            r.Error(FieldReader.Join(path, "schedule"), $"\"{schedule}\" is not a cron schedule (5 fields or @daily-style)");
            ok = false;
        }

        if ((schedule is null) != (b["duration"] is null))
        {
            r.Error(FieldReader.Join(path, schedule is null ? "schedule" : "duration"), "schedule and duration must be set together");
            ok = false;
        }

        for (var i = 0; i < reasons.Count; i++)
        {
            if (Array.IndexOf(BudgetReasons, reasons[i]) < 0)
            {
                r.Error(FieldReader.Index(FieldReader.Join(path, "reasons"), i), $"\"{reasons[i]}\" is not one of {string.Join(", ", BudgetReasons)}");
                ok = false;
            }
        }

        if (nodes is null)
        {
            return null;
        }

        var m = BudgetNodes().Match(nodes);
        if (!m.Success)
        {
            r.Error(FieldReader.Join(path, "nodes"), $"\"{nodes}\" is not a node count or a percentage 0%..100%");
            return null;
        }

        var isPercent = m.Groups[2].Success;
        return ok ? new DisruptionBudget(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), isPercent, schedule, duration, reasons) : null;
    }

    [GeneratedRegex(@"^(100|[0-9]{1,2}|[0-9]+(?!%))(%)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BudgetNodes();
}
