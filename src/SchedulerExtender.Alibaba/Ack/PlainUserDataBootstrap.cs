namespace SchedulerExtender.Alibaba.Ack;

/// <summary><see cref="NodeBootstrapMode.UserData"/>: the ECSNodeClass userData unchanged.</summary>
public sealed class PlainUserDataBootstrap : INodeBootstrap
{
    public Task<string> UserDataAsync(NodeBootstrapRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(request.NodeClassUserData ?? "");
    }
}
