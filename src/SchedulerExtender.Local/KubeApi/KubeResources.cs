namespace SchedulerExtender.Local.KubeApi;

/// <summary>The resource types the embedded Kubernetes API serves.</summary>
public static class KubeResources
{
    public static readonly KubeResource Namespaces = Core("namespaces", "Namespace", namespaced: false, ["ns"], ["status"]);
    public static readonly KubeResource Pods = Core("pods", "Pod", namespaced: true, ["po"], ["status", "binding", "eviction"], ["all"]);
    public static readonly KubeResource Nodes = Core("nodes", "Node", namespaced: false, ["no"], ["status"]);
    public static readonly KubeResource Events = Core("events", "Event", namespaced: true, ["ev"], []);
    public static readonly KubeResource ConfigMaps = Core("configmaps", "ConfigMap", namespaced: true, ["cm"], []);

    /// <summary>Stored and watched only: no controller binds claims or provisions volumes (tests write spec.volumeName themselves).</summary>
    public static readonly KubeResource PersistentVolumeClaims = Core("persistentvolumeclaims", "PersistentVolumeClaim", namespaced: true, ["pvc"], ["status"]);

    public static readonly KubeResource PersistentVolumes = Core("persistentvolumes", "PersistentVolume", namespaced: false, ["pv"], ["status"]);

    public static readonly KubeResource StorageClasses =
        new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ["sc"], [], []);

    /// <summary>Stored and watched only: no controller runs their pods (the kubelet simulator does not either).</summary>
    public static readonly KubeResource DaemonSets =
        new("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], ["status"], ["all"]);

    public static readonly KubeResource Leases =
        new("coordination.k8s.io", "v1", "leases", "Lease", true, [], [], []);

    public static readonly KubeResource PodDisruptionBudgets =
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], ["status"], []);

    public static readonly KubeResource MutatingWebhookConfigurations =
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, [], [], ["api-extensions"]);

    public static readonly KubeResource NodePools =
        new("karpenter.sh", "v1", "nodepools", "NodePool", false, [], ["status"], ["karpenter"]);

    public static readonly KubeResource NodeClaims =
        new("karpenter.sh", "v1", "nodeclaims", "NodeClaim", false, [], ["status"], ["karpenter"]);

    public static readonly KubeResource EcsNodeClasses =
        new("karpenter.k8s.alibabacloud", "v1alpha1", "ecsnodeclasses", "ECSNodeClass", false, [], ["status"], ["karpenter"]);

    public static IReadOnlyList<KubeResource> All { get; } =
    [
        Namespaces, Pods, Nodes, Events, ConfigMaps, PersistentVolumeClaims, PersistentVolumes, DaemonSets, StorageClasses,
        Leases, PodDisruptionBudgets, MutatingWebhookConfigurations, NodePools, NodeClaims, EcsNodeClasses,
    ];

    /// <summary>The resource served at group/version/plural, or null.</summary>
    public static KubeResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    private static KubeResource Core(string plural, string kind, bool namespaced, string[] shortNames, string[] subresources, string[]? categories = null) =>
        new(string.Empty, "v1", plural, kind, namespaced, shortNames, subresources, categories ?? []);
}
