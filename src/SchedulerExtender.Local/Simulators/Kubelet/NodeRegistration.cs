using System.Globalization;
using k8s.Models;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;
using SchedulerExtender.Core.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Simulators.Kubelet;

/// <summary>
/// The Node a booted instance registers: named after its host name, providerID
/// <c>&lt;region&gt;.&lt;instance-id&gt;</c>, the user data's labels and taints, the labels the kubelet and
/// the cloud controller manager add (these win: they describe the machine), capacity from the
/// instance type (memory less what the guest kernel keeps) and allocatable after
/// <see cref="NodeReservation"/> under the kubelet flags in the user data, Ready.
/// </summary>
public static class NodeRegistration
{
    /// <summary>Marks nodes this simulator registered, so it never touches nodes it does not own.</summary>
    public const string OwnerAnnotation = "schedext.io/kubelet-simulator";

    public static string NodeNameOf(EmulatedInstance instance) =>
        (string.IsNullOrWhiteSpace(instance.InstanceName) ? instance.InstanceId : instance.InstanceName).ToLowerInvariant();

    public static V1Node Build(EmulatedInstance instance, InstanceType type, NodeBootstrap bootstrap, KubeletSimulatorOptions options, DateTimeOffset now)
    {
        var name = NodeNameOf(instance);
        var labels = new Dictionary<string, string>(bootstrap.Labels, StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = name,
            [WellKnownLabels.Os] = "linux",
            [WellKnownLabels.Arch] = type.Architecture,
            [WellKnownLabels.InstanceType] = type.Name,
            [WellKnownLabels.Zone] = instance.ZoneId,
            ["topology.kubernetes.io/region"] = instance.RegionId,
            [WellKnownLabels.CapacityType] = instance.CapacityType.ToLabelValue(),
            [WellKnownLabels.InstanceFamily] = type.Family,
            [WellKnownLabels.InstanceCpu] = Whole(type.Vcpu),
            [WellKnownLabels.InstanceMemory] = Whole(type.MemoryMiB),
        };
        var diskBytes = options.SystemDiskGiB * 1024L * 1024 * 1024;
        // The node class's kubelet flags from the user data change what the node keeps, as the
        // solver planned it (NodeReservation.WithKubelet on both sides).
        var reservation = options.Reservation.WithKubelet(bootstrap.Kubelet);
        var allocatable = reservation.Allocatable(type, diskBytes);
        var capacityMemory = (long)(type.MemoryMiB * (1 - reservation.VmMemoryOverheadFraction) * 1024 * 1024);
        var ip = InternalIp(instance.InstanceId);
        var time = now.UtcDateTime;
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { [OwnerAnnotation] = "true" } },
            Spec = new V1NodeSpec
            {
                ProviderID = ProviderIds.Format(instance.RegionId, instance.InstanceId),
                Taints = bootstrap.Taints.Count == 0 ? null : bootstrap.Taints.Select(t => new V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect }).ToList(),
            },
            Status = new V1NodeStatus
            {
                Capacity = Quantities(Milli((long)Math.Round(type.Vcpu * 1000)), capacityMemory, diskBytes, reservation.Pods(type)),
                Allocatable = Quantities(Milli(allocatable.MilliCpu), allocatable.MemoryBytes, allocatable.EphemeralStorageBytes, allocatable.Pods),
                Conditions =
                [
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", time),
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", time),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", time),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", time),
                ],
                Addresses = [new V1NodeAddress { Address = ip, Type = "InternalIP" }, new V1NodeAddress { Address = name, Type = "Hostname" }],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = type.Architecture, BootID = instance.InstanceId, ContainerRuntimeVersion = "containerd://1.6.28",
                    KernelVersion = "5.10.134-16.3.al8.x86_64", KubeProxyVersion = options.KubeletVersion, KubeletVersion = options.KubeletVersion,
                    MachineID = instance.InstanceId, OperatingSystem = "linux", OsImage = "ContainerOS 3.3", SystemUUID = instance.InstanceId,
                },
            },
        };
    }

    /// <summary>A stable private address per instance (10.x.y.z), so pods and nodes show plausible IPs.</summary>
    public static string InternalIp(string seed)
    {
        var hash = 2166136261u;
        foreach (var c in seed)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return string.Create(CultureInfo.InvariantCulture, $"10.{(hash >> 16) & 255}.{(hash >> 8) & 255}.{Math.Max(2, hash & 254)}");
    }

    private static string Milli(long milli) =>
        milli % 1000 == 0 ? (milli / 1000).ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{milli}m");

    private static string Whole(double value) => ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, ResourceQuantity> Quantities(string cpu, long memoryBytes, long diskBytes, long pods) => new()
    {
        ["cpu"] = new ResourceQuantity(cpu),
        ["memory"] = new ResourceQuantity(string.Create(CultureInfo.InvariantCulture, $"{memoryBytes / 1024}Ki")),
        ["ephemeral-storage"] = new ResourceQuantity(string.Create(CultureInfo.InvariantCulture, $"{diskBytes / 1024}Ki")),
        ["pods"] = new ResourceQuantity(pods.ToString(CultureInfo.InvariantCulture)),
    };

    private static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime time) =>
        new() { Type = type, Status = status, LastHeartbeatTime = time, LastTransitionTime = time, Message = message, Reason = reason };
}
