using System.Text;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>
/// Reads what <c>Alibaba.Provider.UserDataBuilder</c> writes into an instance's UserData — base64 of
/// a shell script whose <c>export SCHEDEXT_NODE_LABELS='k=v,…'</c> and
/// <c>export SCHEDEXT_NODE_TAINTS='key=value:Effect,…'</c> lines the bootstrap passes to the kubelet
/// as --node-labels and --register-with-taints, and <c>export SCHEDEXT_KUBELET_ARGS='--max-pods=20 …'</c>,
/// the node class's kubelet settings as flags (<see cref="KubeletFlags.Parse"/>), which decide the
/// allocatable the node registers with. Shell single quotes are undone ('\'' is a quote).
/// </summary>
public static class UserDataReader
{
    public const string LabelsVariable = "SCHEDEXT_NODE_LABELS";
    public const string TaintsVariable = "SCHEDEXT_NODE_TAINTS";
    public const string KubeletArgsVariable = "SCHEDEXT_KUBELET_ARGS";

    /// <summary>The bootstrap configuration; empty when the user data is empty or not base64 (a node without our bootstrap).</summary>
    /// <exception cref="FormatException">A label, taint or kubelet flag in the script is malformed.</exception>
    public static NodeBootstrap Read(string userData)
    {
        string script;
        try
        {
            script = Encoding.UTF8.GetString(Convert.FromBase64String(userData));
        }
        catch (FormatException)
        {
            return NodeBootstrap.Empty;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var taints = new List<Taint>();
        KubeletConfiguration? kubelet = null;
        foreach (var line in script.Split('\n'))
        {
            if (Assignment(line, LabelsVariable) is { } labelList)
            {
                foreach (var label in Items(labelList))
                {
                    var equals = label.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new FormatException($"node label \"{label}\" is not key=value");
                    }

                    labels[label[..equals]] = label[(equals + 1)..];
                }
            }
            else if (Assignment(line, TaintsVariable) is { } taintList)
            {
                taints.AddRange(Items(taintList).Select(ParseTaint));
            }
            else if (Assignment(line, KubeletArgsVariable) is { } kubeletArgs)
            {
                kubelet = KubeletFlags.Parse(kubeletArgs) is { IsEmpty: false } parsed ? parsed : null;
            }
        }

        return labels.Count == 0 && taints.Count == 0 && kubelet is null ? NodeBootstrap.Empty : new NodeBootstrap(labels, taints) { Kubelet = kubelet };
    }

    /// <summary>A taint in kubelet flag form: <c>key=value:Effect</c> or <c>key:Effect</c>.</summary>
    public static Taint ParseTaint(string text)
    {
        var colon = text.LastIndexOf(':');
        var effect = colon > 0 ? text[(colon + 1)..] : "";
        if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            throw new FormatException($"taint \"{text}\" is not key[=value]:NoSchedule|PreferNoSchedule|NoExecute");
        }

        var keyValue = text[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? new Taint(keyValue, null, effect) : new Taint(keyValue[..equals], keyValue[(equals + 1)..], effect);
    }

    private static IEnumerable<string> Items(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The value of <c>export NAME=…</c> on this line, unquoted as the shell would; null when the line sets something else.</summary>
    private static string? Assignment(string line, string name)
    {
        var prefix = $"export {name}=";
        var text = line.Trim();
        return text.StartsWith(prefix, StringComparison.Ordinal) ? Unquote(text[prefix.Length..]) : null;
    }

    private static string Unquote(string word)
    {
        var value = new StringBuilder();
        for (var i = 0; i < word.Length; i++)
        {
            switch (word[i])
            {
                case '\'':
                    var end = word.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("unterminated single quote in user data");
                    }

                    value.Append(word, i + 1, end - i - 1);
                    i = end;
                    break;
                case '\\' when i + 1 < word.Length:
                    value.Append(word[++i]);
                    break;
                default:
                    value.Append(word[i]);
                    break;
            }
        }

        return value.ToString();
    }
}
