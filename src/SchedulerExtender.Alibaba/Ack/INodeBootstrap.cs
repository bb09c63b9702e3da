namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// The user-data script for a new instance (plain text; <see cref="Provider.UserDataBuilder"/>
/// adds the label/taint exports and encodes it). The provisioner puts the result into
/// <c>LaunchRequest.UserData</c>.
/// </summary>
public interface INodeBootstrap
{
    Task<string> UserDataAsync(NodeBootstrapRequest request, CancellationToken cancellationToken);
}
