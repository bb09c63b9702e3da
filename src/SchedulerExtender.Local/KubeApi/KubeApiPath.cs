namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// A request path of the Kubernetes REST API, decoded: /api/v1/..., /apis/GROUP/VERSION/...,
/// optionally namespaces/NS/, then RESOURCE[/NAME[/SUBRESOURCE]]. <see cref="Resource"/> is null for
/// the group-version discovery document itself.
/// </summary>
internal sealed record KubeApiPath(string Group, string Version, KubeResource? Resource, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Decodes the path, or returns null when no served resource lives there (404).</summary>
    public static KubeApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        string[] rest;
        switch (segments)
        {
            case ["api", var v, .. var tail]:
                (group, version, rest) = (string.Empty, v, tail);
                break;
            case ["apis", var g, var v, .. var tail]:
                (group, version, rest) = (g, v, tail);
                break;
            default:
                return null;
        }

        if (!KubeResources.All.Any(r => r.Group == group && r.Version == version))
        {
            return null;
        }

        if (rest.Length == 0)
        {
            return new KubeApiPath(group, version, null, null, null, null);
        }

        // "namespaces/NS/pods/..." is a namespaced resource; "namespaces/NS" and "namespaces/NS/status" are the namespace itself.
        if (rest is ["namespaces", var ns, var plural, .. var inNamespace] &&
            KubeResources.Find(group, version, plural) is { Namespaced: true } namespaced)
        {
            return Build(group, version, namespaced, ns, inNamespace);
        }

        return KubeResources.Find(group, version, rest[0]) is { } resource ? Build(group, version, resource, null, rest[1..]) : null;
    }

    private static KubeApiPath? Build(string group, string version, KubeResource resource, string? @namespace, string[] tail) => tail switch
    {
        [] => new KubeApiPath(group, version, resource, @namespace, null, null),
        [var name] => new KubeApiPath(group, version, resource, @namespace, name, null),
        [var name, var sub] when resource.Subresources.Contains(sub) => new KubeApiPath(group, version, resource, @namespace, name, sub),
        _ => null,
    };
}
