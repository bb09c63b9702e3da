namespace SchedulerExtender.Alibaba.Ack;

/// <summary>How a launched instance becomes a node.</summary>
public enum NodeBootstrapMode
{
    /// <summary>The ECSNodeClass userData alone (a custom image or script joins the cluster).</summary>
    UserData,

    /// <summary>ACK's attach script (DescribeClusterAttachScripts) with our labels and taints, after the userData.</summary>
    Ack,
}
