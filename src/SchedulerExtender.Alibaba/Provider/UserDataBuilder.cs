using System.Text;

namespace SchedulerExtender.Alibaba.Provider;

/// <summary>
/// The RunInstances UserData (base64): a shell preamble exporting the node's labels and taints in
/// kubelet flag form (<c>SCHEDEXT_NODE_LABELS</c>, <c>SCHEDEXT_NODE_TAINTS</c>) and, when its node
/// class sets a kubeletConfiguration, the kubelet flags that carry it
/// (<c>SCHEDEXT_KUBELET_ARGS='--max-pods=20 --kube-reserved=cpu=200m,memory=1Gi …'</c>, written by
/// <see cref="Core.Config.KubeletFlags"/>) for the bootstrap script that follows, then that script.
/// The script passes them to the kubelet (<c>kubelet … ${SCHEDEXT_KUBELET_ARGS:-}</c>): the solver
/// planned the node's pods against the allocatable those flags give. The variable is absent when
/// the class sets none, so the user data of such classes is what it always was.
/// </summary>
public static class UserDataBuilder
{
    /// <summary>ECS limits UserData to 32 KiB before encoding.</summary>
    public const int MaxBytes = 32 * 1024;

    public const string KubeletArgsVariable = "SCHEDEXT_KUBELET_ARGS";

    public static string Build(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> taints, string script, IReadOnlyList<string>? kubeletArgs = null)
    {
        var builder = new StringBuilder("#!/bin/bash\n")
            .Append("export SCHEDEXT_NODE_LABELS=").Append(Quote(string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))).Append('\n')
            .Append("export SCHEDEXT_NODE_TAINTS=").Append(Quote(string.Join(',', taints))).Append('\n');
        if (kubeletArgs is { Count: > 0 })
        {
            builder.Append("export ").Append(KubeletArgsVariable).Append('=').Append(Quote(string.Join(' ', kubeletArgs))).Append('\n');
        }

        var text = builder.Append(StripShebang(script)).ToString();
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
