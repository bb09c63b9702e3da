using System.Text.Json;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>Reads a core/v1 Node: metadata, spec.taints, status.allocatable and status.conditions.</summary>
internal static class NodeJson
{
    public static NodeInfo Read(ref Utf8JsonReader reader, NodeFieldSelection selection, StringPool pool)
    {
        KubeJson.StartObject(ref reader, "node");
        var meta = default(KubeJson.ObjectMeta);
        IReadOnlyList<NodeTaint> taints = [];
        IReadOnlyList<NodeCondition> conditions = [];
        ResourceAmounts? allocatable = null;
        while (KubeJson.NextProperty(ref reader))
        {
            if (JsonNames.Is(ref reader, "metadata"u8))
            {
                KubeJson.Next(ref reader);
                meta = KubeJson.Metadata(ref reader, selection, pool);
            }
            else if (JsonNames.Is(ref reader, "spec"u8))
            {
                KubeJson.Next(ref reader);
                taints = Taints(ref reader, pool);
            }
            else if (JsonNames.Is(ref reader, "status"u8))
            {
                KubeJson.Next(ref reader);
                (allocatable, conditions) = Status(ref reader, selection.ConditionTypes, pool);
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        if (string.IsNullOrEmpty(meta.Name))
        {
            throw new ExtenderRequestException("node has no metadata.name");
        }

        return new NodeInfo(meta.Name, meta.Labels, meta.Annotations, taints, conditions, allocatable);
    }

    private static IReadOnlyList<NodeTaint> Taints(ref Utf8JsonReader reader, StringPool pool)
    {
        List<NodeTaint>? taints = null;
        if (!KubeJson.StartObject(ref reader, "spec"))
        {
            return [];
        }

        while (KubeJson.NextProperty(ref reader))
        {
            if (!JsonNames.Is(ref reader, "taints"u8))
            {
                KubeJson.SkipValue(ref reader);
                continue;
            }

            KubeJson.Next(ref reader);
            if (!KubeJson.StartArray(ref reader, "spec.taints"))
            {
                continue;
            }

            taints ??= [];
            for (KubeJson.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; KubeJson.Next(ref reader))
            {
                var fields = Fields(ref reader, pool, "spec.taints[]", "key"u8, "value"u8, "effect"u8);
                taints.Add(new NodeTaint(fields.A ?? "", fields.B, fields.C ?? ""));
            }
        }

        return taints ?? (IReadOnlyList<NodeTaint>)[];
    }

    private static (ResourceAmounts? Allocatable, IReadOnlyList<NodeCondition> Conditions) Status(ref Utf8JsonReader reader, NodeFieldSelection.KeySet? conditionTypes, StringPool pool)
    {
        ResourceAmounts? allocatable = null;
        List<NodeCondition>? conditions = null;
        if (!KubeJson.StartObject(ref reader, "status"))
        {
            return (null, []);
        }

        while (KubeJson.NextProperty(ref reader))
        {
            if (JsonNames.Is(ref reader, "allocatable"u8))
            {
                KubeJson.Next(ref reader);
                if (reader.TokenType != JsonTokenType.Null)
                {
                    allocatable = KubeJson.ResourceList(ref reader, "status.allocatable");
                }
            }
            else if (JsonNames.Is(ref reader, "conditions"u8))
            {
                KubeJson.Next(ref reader);
                if (!KubeJson.StartArray(ref reader, "status.conditions"))
                {
                    continue;
                }

                // Most nodes have none of the kept condition types: no list for them.
                conditions ??= conditionTypes is null ? [] : null;
                for (KubeJson.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; KubeJson.Next(ref reader))
                {
                    var fields = Fields(ref reader, pool, "status.conditions[]", "type"u8, "status"u8, default);
                    if (conditionTypes is null || (fields.A is { } type && conditionTypes.Contains(type)))
                    {
                        (conditions ??= []).Add(new NodeCondition(fields.A ?? "", fields.B ?? ""));
                    }
                }
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        return (allocatable, conditions ?? (IReadOnlyList<NodeCondition>)[]);
    }

    /// <summary>Up to three string fields of a small object (a taint, a condition); everything else skipped.</summary>
    private static (string? A, string? B, string? C) Fields(ref Utf8JsonReader reader, StringPool pool, string what, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        string? first = null, second = null, third = null;
        if (!KubeJson.StartObject(ref reader, what))
        {
            return (null, null, null);
        }

        while (KubeJson.NextProperty(ref reader))
        {
            var slot = JsonNames.Is(ref reader, a) ? 1 : JsonNames.Is(ref reader, b) ? 2 : !c.IsEmpty && JsonNames.Is(ref reader, c) ? 3 : 0;
            KubeJson.Next(ref reader);
            if (slot == 0 || reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            var value = pool.Get(ref reader);
            _ = slot switch { 1 => first = value, 2 => second = value, _ => third = value };
        }

        return (first, second, third);
    }
}
