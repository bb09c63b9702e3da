namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// One resource type the embedded API serves: where it lives (group/version/plural), what it is
/// called (kind, short names) and which subresources it has.
/// </summary>
public sealed record KubeResource(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Subresources,
    IReadOnlyList<string> Categories)
{
    /// <summary>"v1" for the core group, "group/version" otherwise (the apiVersion of its objects).</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public string Singular => Kind.ToLowerInvariant();

    public bool HasStatus => Subresources.Contains("status");

    /// <summary>Types defined by CustomResourceDefinitions (ours and Karpenter's) rather than built in.</summary>
    public bool IsCustom => Group.Contains('.', StringComparison.Ordinal) && !Group.EndsWith(".k8s.io", StringComparison.Ordinal);

    /// <summary>"pods" or "nodeclaims.karpenter.sh": how the API server names the resource in messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public override string ToString() => $"{ApiVersion}/{Plural}";
}
