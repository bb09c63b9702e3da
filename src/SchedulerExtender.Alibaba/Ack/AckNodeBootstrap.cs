using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SchedulerExtender.Alibaba.Ack;

/// <summary>
/// <see cref="NodeBootstrapMode.Ack"/>: the cluster's attach script with the node's labels and taints (<see cref="AckUserData"/>).
/// The kubelet of such a node is configured by its ACK node pool: neither DescribeClusterAttachScripts
/// (its body takes nodepool_id, arch, format_disk, keep_instance_name, rds_instances and options)
/// nor the attach script's documented arguments take kubelet settings, so an ECSNodeClass
/// kubeletConfiguration cannot be passed on. The solver still plans with it, so it should mirror
/// the ACK node pool's kubelet settings; a warning says so, once per distinct configuration.
/// </summary>
public sealed partial class AckNodeBootstrap(AckAttachScriptSource scripts, ILogger<AckNodeBootstrap>? logger = null) : INodeBootstrap
{
    private readonly ILogger _logger = logger ?? NullLogger<AckNodeBootstrap>.Instance;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public async Task<string> UserDataAsync(NodeBootstrapRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.KubeletArgs.Count > 0 && _warned.TryAdd(string.Join(' ', request.KubeletArgs), true))
        {
            LogKubeletNotPassed(string.Join(' ', request.KubeletArgs));
        }

        var script = await scripts.GetAsync(request.Arch, cancellationToken).ConfigureAwait(false);
        return AckUserData.Compose(script, request.Labels, request.Taints, request.NodeClassUserData);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An ECSNodeClass sets kubeletConfiguration ({KubeletArgs}), but in ACK bootstrap mode the kubelet settings come from the ACK node pool: they are not passed to the node. The provisioner plans with them, so keep them equal to the ACK node pool's kubelet settings")]
    private partial void LogKubeletNotPassed(string kubeletArgs);
}
