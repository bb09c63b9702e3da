using System.Text.Json;
using SchedulerExtender.Core.Extender;
using SchedulerExtender.Core.Resources;
using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>Reads the core/v1 Pod in ExtenderArgs: metadata plus the container requests kube-scheduler counts.</summary>
internal static class PodJson
{
    public static SchedulingPod Read(ref Utf8JsonReader reader, StringPool pool)
    {
        KubeJson.StartObject(ref reader, "the pod");
        var meta = default(KubeJson.ObjectMeta);
        var requests = ResourceAmounts.Zero;
        while (KubeJson.NextProperty(ref reader))
        {
            if (JsonNames.Is(ref reader, "metadata"u8))
            {
                KubeJson.Next(ref reader);
                meta = KubeJson.Metadata(ref reader, NodeFieldSelection.All, pool);
            }
            else if (JsonNames.Is(ref reader, "spec"u8))
            {
                KubeJson.Next(ref reader);
                requests = Spec(ref reader);
            }
            else
            {
                KubeJson.SkipValue(ref reader);
            }
        }

        return new SchedulingPod(
            meta.Namespace ?? "default",
            meta.Name ?? "",
            meta.Labels ?? new Dictionary<string, string>(),
            meta.Annotations ?? new Dictionary<string, string>(),
            requests);
    }

    private static ResourceAmounts Spec(ref Utf8JsonReader reader)
    {
        var containers = new List<ResourceAmounts>();
        var initContainers = new List<ContainerRequests>();
        var overhead = ResourceAmounts.Zero;
        if (KubeJson.StartObject(ref reader, "spec"))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "containers"u8))
                {
                    KubeJson.Next(ref reader);
                    Containers(ref reader, "spec.containers", c => containers.Add(c.Requests));
                }
                else if (JsonNames.Is(ref reader, "initContainers"u8))
                {
                    KubeJson.Next(ref reader);
                    Containers(ref reader, "spec.initContainers", initContainers.Add);
                }
                else if (JsonNames.Is(ref reader, "overhead"u8))
                {
                    KubeJson.Next(ref reader);
                    overhead = KubeJson.ResourceList(ref reader, "spec.overhead");
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        return PodRequests.Compute(containers, initContainers, overhead);
    }

    private static void Containers(ref Utf8JsonReader reader, string what, Action<ContainerRequests> add)
    {
        if (!KubeJson.StartArray(ref reader, what))
        {
            return;
        }

        while (true)
        {
            KubeJson.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            KubeJson.StartObject(ref reader, what + "[]");
            var requests = ResourceAmounts.Zero;
            var restartAlways = false;
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "resources"u8))
                {
                    KubeJson.Next(ref reader);
                    requests = Requests(ref reader, what + "[].resources");
                }
                else if (JsonNames.Is(ref reader, "restartPolicy"u8))
                {
                    KubeJson.Next(ref reader);
                    restartAlways = KubeJson.String(ref reader, what + "[].restartPolicy") == "Always";
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }

            add(new ContainerRequests(requests, restartAlways));
        }
    }

    private static ResourceAmounts Requests(ref Utf8JsonReader reader, string what)
    {
        var requests = ResourceAmounts.Zero;
        if (KubeJson.StartObject(ref reader, what))
        {
            while (KubeJson.NextProperty(ref reader))
            {
                if (JsonNames.Is(ref reader, "requests"u8))
                {
                    KubeJson.Next(ref reader);
                    requests = KubeJson.ResourceList(ref reader, what + ".requests");
                }
                else
                {
                    KubeJson.SkipValue(ref reader);
                }
            }
        }

        return requests;
    }
}
