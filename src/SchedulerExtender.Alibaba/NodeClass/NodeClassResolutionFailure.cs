namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>Why a node class could not be resolved.</summary>
public enum NodeClassResolutionFailure
{
    /// <summary>A term is malformed: neither or both of tags and ID, an unknown alias, an empty term list.</summary>
    InvalidSelector,
    /// <summary>No available vSwitch with free IP addresses matches.</summary>
    NoVSwitch,
    NoSecurityGroup,
    /// <summary>No image matches, or none for the architecture asked for.</summary>
    NoImage,
}
