using SchedulerExtender.Core.Extender;

namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>Spark drivers by UID, as a test sets them: what the pod cache's index answers in production.</summary>
internal sealed class FakeSparkDrivers : ISparkDriverLookup
{
    public Dictionary<string, string> ByUid { get; } = new(StringComparer.Ordinal);

    public FakeSparkDrivers Add(string uid, string pod)
    {
        ByUid[uid] = pod;
        return this;
    }

    public string? FindDriver(string podUid) => ByUid.GetValueOrDefault(podUid);
}
