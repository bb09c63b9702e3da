namespace SchedulerExtender.Alibaba.OpenApi;

/// <summary>
/// Told about every request a cloud client sends (each attempt, so retries of a throttled call
/// are counted as what they are: more calls). The Host turns these into metrics; this project
/// stays free of any metrics library. Implementations must be fast and must not throw.
/// </summary>
public interface ICloudApiObserver
{
    void OnCall(CloudApiCall call);
}
