namespace SchedulerExtender.Alibaba.Ack;

/// <summary><see cref="NodeBootstrapMode.Ack"/>: the cluster's attach script with the node's labels and taints (<see cref="AckUserData"/>).</summary>
public sealed class AckNodeBootstrap(AckAttachScriptSource scripts) : INodeBootstrap
{
    public async Task<string> UserDataAsync(NodeBootstrapRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = await scripts.GetAsync(request.Arch, cancellationToken).ConfigureAwait(false);
        return AckUserData.Compose(script, request.Labels, request.Taints, request.NodeClassUserData);
    }
}
