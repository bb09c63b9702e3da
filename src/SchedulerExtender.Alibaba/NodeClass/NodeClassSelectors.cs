namespace SchedulerExtender.Alibaba.NodeClass;

/// <summary>
/// The selectors of an ECSNodeClass (vSwitchSelectorTerms, securityGroupSelectorTerms,
/// imageSelectorTerms), as <see cref="NodeClassResolver"/> takes them; the configuration model
/// maps onto this.
/// </summary>
public sealed record NodeClassSelectors(
    IReadOnlyList<SelectorTerm> VSwitchTerms,
    IReadOnlyList<SelectorTerm> SecurityGroupTerms,
    IReadOnlyList<ImageSelectorTerm> ImageTerms)
{
    /// <summary>A canonical text of the selectors: equal selectors give equal keys whatever the dictionaries' order.</summary>
    internal string CacheKey =>
        string.Join('|', VSwitchTerms.Select(t => t.Describe())) + "#"
        + string.Join('|', SecurityGroupTerms.Select(t => t.Describe())) + "#"
        + string.Join('|', ImageTerms.Select(t => t.Describe()));
}
