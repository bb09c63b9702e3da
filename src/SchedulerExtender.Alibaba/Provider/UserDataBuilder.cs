using System.Text;

namespace SchedulerExtender.Alibaba.Provider;

/// <summary>
/// The RunInstances UserData (base64): a shell preamble exporting the node's labels and taints in
/// kubelet flag form (<c>SCHEDEXT_NODE_LABELS</c>, <c>SCHEDEXT_NODE_TAINTS</c>) for the bootstrap
/// script that follows, then that script.
/// </summary>
public static class UserDataBuilder
{
    /// <summary>ECS limits UserData to 32 KiB before encoding.</summary>
    public const int MaxBytes = 32 * 1024;

    public static string Build(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> taints, string script)
    {
        var text = new StringBuilder("#!/bin/bash\n")
            .Append("export SCHEDEXT_NODE_LABELS=").Append(Quote(string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))).Append('\n')
            .Append("export SCHEDEXT_NODE_TAINTS=").Append(Quote(string.Join(',', taints))).Append('\n')
            .Append(StripShebang(script))
            .ToString();
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= MaxBytes
            ? Convert.ToBase64String(bytes)
            : throw new ArgumentException($"User data is {bytes.Length} bytes; ECS accepts at most {MaxBytes}.");
    }

    /// <summary>Single-quotes for the shell: nothing inside is expanded.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string StripShebang(string script)
    {
        if (!script.StartsWith("#!", StringComparison.Ordinal))
        {
            return script;
        }

        var newline = script.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? "" : script[(newline + 1)..];
    }
}
