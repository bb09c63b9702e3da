namespace SchedulerExtender.Core.Provisioning;

/// <summary>A pod by namespace and name.</summary>
public sealed record PodReference(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
