namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// PATCH body formats. Strategic merge patch is applied as a JSON merge patch: list fields are
/// replaced rather than merged by key. That is exact for maps and scalars (labels, annotations,
/// status fields, nodeName) and is documented as the one simplification of the embedded API.
/// As in Kubernetes, custom resources (Karpenter's) refuse strategic merge patches with 415.
/// </summary>
public enum PatchType
{
    Merge,
    StrategicMerge,
    Json,
}
