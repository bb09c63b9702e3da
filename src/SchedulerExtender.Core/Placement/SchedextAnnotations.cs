namespace SchedulerExtender.Core.Placement;

/// <summary>Our own annotations (prefix <c>schedext.io/</c>), on pods and namespaces.</summary>
public static class SchedextAnnotations
{
    /// <summary>Executor policy for a pod or a whole namespace: spot, prefer-spot or none.</summary>
    public const string ExecutorPolicy = "schedext.io/executor-policy";

    /// <summary><c>"false"</c> on a pod or namespace: the webhook leaves its pods alone.</summary>
    public const string Mutate = "schedext.io/mutate";

    /// <summary>Written by the webhook: what it decided for the pod.</summary>
    public const string Mutation = "schedext.io/mutation";
}
