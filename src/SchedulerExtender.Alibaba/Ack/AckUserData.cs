using System.Text;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// Composes the shell script that joins a new instance to an ACK cluster: the ECSNodeClass
/// <c>userData</c> first (fed to its own bash through a quoted heredoc, so nothing in it is
/// expanded by the outer script and an <c>exit</c> in it ends only itself; its failure is reported
/// but does not stop the join), then ACK's attach command with the node's labels and taints appended as
/// <c>--labels 'k=v,…' --taints 'k=v:Effect,…'</c>, the arguments ACK's attach_node.sh takes.
/// Every value is single-quoted for the shell, so spaces, quotes, <c>$</c> or backticks in a label
/// stay data. The result is plain text; <see cref="Provider.UserDataBuilder"/> encodes it.
/// </summary>
public static class AckUserData
{
    private const string HeredocDelimiter = "SCHEDEXT_NODECLASS_USERDATA_EOF";

    /// <exception cref="ArgumentException">The attach script is empty, a label or taint cannot be
    /// passed as a list item, or the userData is not a shell script.</exception>
    public static string Compose(string attachScript, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> taints, string? nodeClassUserData)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(taints);
        var lines = (attachScript ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n').ToList();
        var last = lines.FindLastIndex(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
        if (last < 0)
        {
            throw new ArgumentException("The ACK attach script is empty.", nameof(attachScript));
        }

        var text = new StringBuilder("#!/bin/bash\n");
        if (!string.IsNullOrWhiteSpace(nodeClassUserData))
        {
            AppendNodeClassUserData(text, nodeClassUserData);
        }

        var arguments = new StringBuilder();
        if (labels.Count > 0)
        {
            arguments.Append(" --labels ").Append(ShellQuote(string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(Label))));
        }

        if (taints.Count > 0)
        {
            arguments.Append(" --taints ").Append(ShellQuote(string.Join(',', taints.Select(Taint))));
        }

        lines[last] = lines[last].TrimEnd() + arguments;
        text.Append("# Join the ACK cluster with this node's labels and taints.\n");
        foreach (var line in lines.Skip(lines[0].StartsWith("#!", StringComparison.Ordinal) ? 1 : 0))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Single-quotes for the shell: nothing inside is expanded; a quote becomes <c>'\''</c>.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void AppendNodeClassUserData(StringBuilder text, string userData)
    {
        var body = userData.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (body.TrimStart().StartsWith("#cloud-config", StringComparison.Ordinal))
        {
            throw new ArgumentException("ECSNodeClass userData is a cloud-config document; in ACK mode it must be a shell script.", nameof(userData));
        }

        if (body.Split('\n').Any(l => l == HeredocDelimiter))
        {
            throw new ArgumentException($"ECSNodeClass userData contains the line {HeredocDelimiter}, which is reserved.", nameof(userData));
        }

        text.Append("# ECSNodeClass userData: run before joining; a failure is reported, the join still happens.\n")
            .Append("bash <<'").Append(HeredocDelimiter).Append("' || echo \"schedext: ECSNodeClass userData exited with status $?\" >&2\n")
            .Append(body.EndsWith('\n') ? body : body + "\n")
            .Append(HeredocDelimiter).Append('\n');
    }

    private static string Label(KeyValuePair<string, string> label)
    {
        var problem = label.Key.Length == 0 ? "an empty name"
            : label.Key.Contains('=', StringComparison.Ordinal) ? "'=' in its name"
            : !IsListItem(label.Key) || !IsListItem(label.Value) ? "a ',' or control character"
            : null;
        return problem is null
            ? label.Key + "=" + label.Value
            : throw new ArgumentException($"Label {Describe(label.Key)} cannot be passed to the attach script: it has {problem}.");
    }

    private static string Taint(string taint) =>
        taint.Length > 0 && IsListItem(taint)
            ? taint
            : throw new ArgumentException($"Taint {Describe(taint)} cannot be passed to the attach script: it must be non-empty, without ',' or control characters.");

    private static bool IsListItem(string value) => !value.Any(c => c == ',' || char.IsControl(c));

    private static string Describe(string value) => "\"" + new string([.. value.Take(63).Select(c => char.IsControl(c) ? '?' : c)]) + "\"";
}
