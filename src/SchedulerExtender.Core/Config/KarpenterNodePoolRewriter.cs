using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Points a <c>karpenter.sh/v1</c> NodePool from Karpenter's Alibaba Cloud ECSNodeClass to
/// schedext's: <c>spec.template.spec.nodeClassRef.group</c> <c>karpenter.alibabacloud.com</c> →
/// <c>karpenter.k8s.alibabacloud</c>. Kind and name stay (the converted class keeps the name), and
/// nothing else of the spec is touched: NodePool is the same CRD for both provisioners. What the API
/// server wrote (uid, resourceVersion, generation, creationTimestamp, managedFields, status) is left
/// out, so <c>kubectl apply</c> of the result is not refused as a conflict when the pool changed
/// since it was exported. A NodePool naming another group is returned unchanged, with a warning.
/// </summary>
public static class KarpenterNodePoolRewriter
{
    public const string TargetGroup = "karpenter.k8s.alibabacloud";

    private static readonly string[] ServerWritten = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"];

    public static MigrationResult Rewrite(JsonObject source)
    {
        const string path = "spec.template.spec.nodeClassRef.group";
        var pool = source.DeepClone().AsObject();
        if (pool["spec"]?["template"]?["spec"]?["nodeClassRef"] is not JsonObject reference)
        {
            return new(null, [], [new("spec.template.spec.nodeClassRef", "required")]);
        }

        var group = reference["group"] is JsonValue v && v.TryGetValue<string>(out var g) ? g : null;
        if (group == KarpenterEcsNodeClassConverter.SourceGroup)
        {
            reference["group"] = TargetGroup;
            pool.Remove("status");
            if (pool["metadata"] is JsonObject metadata)
            {
                foreach (var written in ServerWritten)
                {
                    metadata.Remove(written);
                }
            }

            return new(pool, [], []);
        }

        var message = group == TargetGroup
            ? "already schedext's group: left as it is"
            : $"\"{group}\" is not Karpenter's Alibaba Cloud group ({KarpenterEcsNodeClassConverter.SourceGroup}): left as it is";
        return new(pool, [new(path, message)], []);
    }
}
