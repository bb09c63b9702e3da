namespace SchedulerExtender.Core.Resources;

/// <summary>
/// A pod's effective requests as kube-scheduler computes them (k8s.io/component-helpers
/// resource.PodRequests): the sum of the app containers; init containers run one at a time, so
/// the pod needs the maximum of that sum and each init container (plus the sidecars started
/// before it); sidecars also add to the steady-state sum; pod overhead is added on top.
/// </summary>
public static class PodRequests
{
    public static ResourceAmounts Compute(
        IEnumerable<ResourceAmounts> containers,
        IEnumerable<ContainerRequests> initContainers,
        ResourceAmounts overhead)
    {
        var steady = ResourceAmounts.Zero;
        foreach (var container in containers)
        {
            steady += container;
        }

        var sidecars = ResourceAmounts.Zero;
        var initPeak = ResourceAmounts.Zero;
        foreach (var init in initContainers)
        {
            ResourceAmounts whileRunning;
            if (init.IsRestartableInit)
            {
                steady += init.Requests;
                sidecars += init.Requests;
                whileRunning = sidecars;
            }
            else
            {
                whileRunning = init.Requests + sidecars;
            }

            initPeak = ResourceAmounts.Max(initPeak, whileRunning);
        }

        return ResourceAmounts.Max(steady, initPeak) + overhead;
    }
}
