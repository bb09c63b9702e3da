using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SchedulerExtender.Core.Config;

/// <summary>Checks apiVersion and kind and reads metadata.name (a DNS subdomain, as for any object).</summary>
internal static partial class DocumentHeader
{
    public static string? Read(FieldReader r, JsonObject root, string apiVersion, string kind)
    {
        if (r.String(root, "apiVersion", "", required: true) is { } version && version != apiVersion)
        {
            r.Error("apiVersion", $"\"{version}\" is not {apiVersion}");
        }

        if (r.String(root, "kind", "", required: true) is { } k && k != kind)
        {
            r.Error("kind", $"\"{k}\" is not {kind}");
        }

        var metadata = r.Object(root, "metadata", "", required: true);
        var name = metadata is null ? null : r.String(metadata, "name", "metadata", required: true);
        if (name is not null && (name.Length > 253 || !DnsSubdomain().IsMatch(name)))
        {
            r.Error("metadata.name", $"\"{name}\" is not a lowercase DNS subdomain");
            return null;
        }

        return name;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();
}
