namespace SchedulerExtender.Alibaba.OpenApi;

/// <summary>The observer used when nobody is listening.</summary>
public sealed class NoCloudApiObserver : ICloudApiObserver
{
    public static readonly NoCloudApiObserver Instance = new();

    private NoCloudApiObserver()
    {
    }

    public void OnCall(CloudApiCall call)
    {
    }
}
