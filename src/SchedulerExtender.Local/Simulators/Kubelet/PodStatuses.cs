using k8s.Models;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>The pod statuses a kubelet reports: started (Running, Ready) and finished (Succeeded / Failed).</summary>
public static class PodStatuses
{
    public static V1PodStatus Running(V1Pod pod, string hostIp, DateTimeOffset now)
    {
        var time = now.UtcDateTime;
        return new V1PodStatus
        {
            Phase = "Running",
            HostIP = hostIp,
            PodIP = "172." + NodeRegistration.InternalIp(pod.Metadata.Uid ?? pod.Metadata.Name)["10.".Length..], // pod network apart from the nodes'
            StartTime = time,
            Conditions =
            [
                new V1PodCondition { Status = "True", Type = "PodReadyToStartContainers", LastTransitionTime = time },
                new V1PodCondition { Status = "True", Type = "Initialized", LastTransitionTime = time },
                new V1PodCondition { Status = "True", Type = "Ready", LastTransitionTime = time },
                new V1PodCondition { Status = "True", Type = "ContainersReady", LastTransitionTime = time },
                Scheduled(pod, time),
            ],
            ContainerStatuses = Containers(pod, ready: true, new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = time } }),
        };
    }

    public static V1PodStatus Finished(V1Pod pod, int exitCode, DateTimeOffset now)
    {
        var time = now.UtcDateTime;
        var reason = exitCode == 0 ? "Completed" : "Error";
        return new V1PodStatus
        {
            Phase = exitCode == 0 ? "Succeeded" : "Failed",
            HostIP = pod.Status?.HostIP,
            PodIP = pod.Status?.PodIP,
            StartTime = pod.Status?.StartTime,
            Conditions =
            [
                new V1PodCondition { Status = "False", Type = "PodReadyToStartContainers", LastTransitionTime = time },
                new V1PodCondition { Status = "True", Type = "Initialized", LastTransitionTime = time, Reason = "PodCompleted" },
                new V1PodCondition { Status = "False", Type = "Ready", LastTransitionTime = time, Reason = "PodCompleted" },
                new V1PodCondition { Status = "False", Type = "ContainersReady", LastTransitionTime = time, Reason = "PodCompleted" },
                Scheduled(pod, time),
            ],
            ContainerStatuses = Containers(pod, ready: false, new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, FinishedAt = time, Reason = reason, StartedAt = pod.Status?.StartTime },
            }),
        };
    }

    /// <summary>The status of a pod whose node vanished (the instance was reclaimed or released).</summary>
    public static V1PodStatus NodeLost(V1Pod pod, DateTimeOffset now) => new()
    {
        Phase = "Failed",
        Reason = "NodeLost",
        Message = $"Node {pod.Spec?.NodeName} which was running pod {pod.Metadata.Name} is gone",
        HostIP = pod.Status?.HostIP,
        PodIP = pod.Status?.PodIP,
        StartTime = pod.Status?.StartTime,
        Conditions =
        [
            new V1PodCondition { Status = "True", Type = "DisruptionTarget", LastTransitionTime = now.UtcDateTime, Reason = "DeletionByPodGC", Message = "PodGC: node no longer exists" },
            new V1PodCondition { Status = "False", Type = "Ready", LastTransitionTime = now.UtcDateTime, Reason = "NodeLost" },
            Scheduled(pod, now.UtcDateTime),
        ],
    };

    private static List<V1ContainerStatus> Containers(V1Pod pod, bool ready, V1ContainerState state) =>
        (pod.Spec?.Containers ?? []).Select(c => new V1ContainerStatus
        {
            Name = c.Name, Image = c.Image ?? "", ImageID = "", Ready = ready, Started = ready, RestartCount = 0,
            ContainerID = $"containerd://{pod.Metadata.Uid}-{c.Name}", State = state,
        }).ToList();

    private static V1PodCondition Scheduled(V1Pod pod, DateTime time) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") ?? new V1PodCondition { Status = "True", Type = "PodScheduled", LastTransitionTime = time };
}
