namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// What an ECSNodeClass's status should say: what its selectors resolved to in the cloud (the
/// vSwitches, security groups and images a launch uses) and the Ready condition (the READY column).
/// </summary>
public sealed record EcsNodeClassStatus(
    IReadOnlyList<VSwitchChoice> VSwitches,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyDictionary<string, string> ImageIdByArchitecture,
    IReadOnlyList<StatusCondition> Conditions)
{
    public const string Ready = "Ready";

    public StatusCondition ReadyCondition => Conditions.First(c => c.Type == Ready);

    /// <summary>
    /// The class resolved: Ready when a launch has everything it needs (a vSwitch, a security group
    /// and an image). vSwitches are listed by zone so the order does not change between resolutions;
    /// security groups keep theirs (the first is the one launches use).
    /// </summary>
    public static EcsNodeClassStatus Resolved(NodeClassLaunchSettings settings, long? generation, IReadOnlyList<StatusCondition> previous, DateTimeOffset now)
    {
        var missing = new List<string>();
        if (settings.VSwitches.Count == 0)
        {
            missing.Add("no vSwitch");
        }

        if (settings.SecurityGroupIds.Count == 0)
        {
            missing.Add("no security group");
        }

        if (settings.ImageIdByArchitecture.Count == 0)
        {
            missing.Add("no image");
        }

        var ready = missing.Count == 0
            ? StatusCondition.Of(Ready, StatusCondition.True, Ready, "", now, generation)
            : StatusCondition.Of(Ready, StatusCondition.False, "ResolutionIncomplete", $"the selectors resolved to {string.Join(", ", missing)}", now, generation);
        return new EcsNodeClassStatus(
            [.. settings.VSwitches.OrderBy(v => v.Zone, StringComparer.Ordinal).ThenBy(v => v.VSwitchId, StringComparer.Ordinal)],
            settings.SecurityGroupIds,
            settings.ImageIdByArchitecture,
            StatusCondition.Carry(previous, [ready]));
    }

    /// <summary>
    /// The class did not resolve: False when the answer is definite (invalid spec, selectors that
    /// match nothing), Unknown when the cloud could not be asked. Nothing resolved is listed.
    /// </summary>
    /// <param name="message">Why, for the condition; it must carry no secret.</param>
    public static EcsNodeClassStatus Unresolved(string message, bool definite, long? generation, IReadOnlyList<StatusCondition> previous, DateTimeOffset now) =>
        new([], [], new Dictionary<string, string>(), StatusCondition.Carry(previous,
        [
            definite
                ? StatusCondition.Of(Ready, StatusCondition.False, "ResolutionFailed", message, now, generation)
                : StatusCondition.Of(Ready, StatusCondition.Unknown, "CloudUnavailable", message, now, generation),
        ]));
}
