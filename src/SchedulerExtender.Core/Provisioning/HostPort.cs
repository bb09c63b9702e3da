namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A port a pod binds on its node (<c>ports[].hostPort</c>), with its protocol and host IP
/// (<c>0.0.0.0</c> when the pod names none). Two pods cannot run on one node when they ask the
/// same port and protocol on the same IP, or either binds every IP — kube-scheduler's NodePorts
/// filter rule.
/// </summary>
public readonly record struct HostPort(string Protocol, string HostIp, int Port)
{
    public const string AnyIp = "0.0.0.0";

    public bool ConflictsWith(HostPort other) =>
        Port == other.Port &&
        string.Equals(Protocol, other.Protocol, StringComparison.Ordinal) &&
        (HostIp == other.HostIp || HostIp == AnyIp || other.HostIp == AnyIp);

    public override string ToString() => $"{HostIp}:{Port}/{Protocol}";
}
