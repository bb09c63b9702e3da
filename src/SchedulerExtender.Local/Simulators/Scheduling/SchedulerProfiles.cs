namespace SchedulerExtender.Local.Simulators.Scheduling;

/// <summary>Scheduler profiles built from a KubeSchedulerConfiguration.</summary>
public static class SchedulerProfiles
{
    /// <summary>
    /// What a cluster running our second scheduler has: the cluster's default-scheduler without
    /// extenders, plus every profile of <paramref name="configuration"/> calling its extenders over
    /// HTTPS. In local mode the extender is not at its in-cluster Service address, so
    /// <paramref name="localize"/> rewrites each (urlPrefix to the local listener, CaBundle to the
    /// generated certificate); everything else — verbs, weight, nodeCacheCapable, ignorable,
    /// httpTimeout — stays as configured.
    /// </summary>
    public static IReadOnlyList<SchedulerProfile> ForLocalMode(SchedulerConfiguration configuration, Func<ExtenderConfig, ExtenderConfig> localize, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(localize);
        var extenders = configuration.Extenders.Select(e => (ISchedulerExtender)HttpSchedulerExtender.Create(localize(e), time)).ToList();
        var profiles = configuration.SchedulerNames.Select(name => new SchedulerProfile(name, extenders)).ToList();
        if (!profiles.Any(p => p.SchedulerName == SchedulerProfile.DefaultSchedulerName))
        {
            profiles.Insert(0, new SchedulerProfile(SchedulerProfile.DefaultSchedulerName, []));
        }

        return profiles;
    }
}
