using k8s;
using k8s.Models;

namespace SchedulerExtender.Kubernetes.Caching;

/// <summary>List+watch sources for the resources our caches hold.</summary>
public static class KubeListWatchSources
{
    public static IListWatchSource<V1Node> Nodes(IKubernetes client) =>
        new KubeListWatchSource<V1Node, V1NodeList>(
            "nodes",
            ct => client.CoreV1.ListNodeAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static IListWatchSource<V1Namespace> Namespaces(IKubernetes client) =>
        new KubeListWatchSource<V1Namespace, V1NamespaceList>(
            "namespaces",
            ct => client.CoreV1.ListNamespaceAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespaceAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>Pods in every namespace, optionally narrowed by a field selector (e.g. "spec.nodeName=" for pending pods).</summary>
    public static IListWatchSource<V1Pod> Pods(IKubernetes client, string? fieldSelector = null) =>
        new KubeListWatchSource<V1Pod, V1PodList>(
            "pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: fieldSelector, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>DaemonSets in every namespace: what a new node will run besides the pods it is launched for.</summary>
    public static IListWatchSource<V1DaemonSet> DaemonSets(IKubernetes client) =>
        new KubeListWatchSource<V1DaemonSet, V1DaemonSetList>(
            "daemonsets",
            ct => client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>PersistentVolumeClaims in every namespace: which volume a pending pod's claim is bound to, or its StorageClass.</summary>
    public static IListWatchSource<V1PersistentVolumeClaim> PersistentVolumeClaims(IKubernetes client) =>
        new KubeListWatchSource<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
            "persistentvolumeclaims",
            ct => client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>PersistentVolumes: the node affinity (zone) of a bound claim's volume.</summary>
    public static IListWatchSource<V1PersistentVolume> PersistentVolumes(IKubernetes client) =>
        new KubeListWatchSource<V1PersistentVolume, V1PersistentVolumeList>(
            "persistentvolumes",
            ct => client.CoreV1.ListPersistentVolumeAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListPersistentVolumeAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>StorageClasses (storage.k8s.io/v1): binding mode and allowed topologies of an unbound claim.</summary>
    public static IListWatchSource<V1StorageClass> StorageClasses(IKubernetes client) =>
        new KubeListWatchSource<V1StorageClass, V1StorageClassList>(
            "storageclasses",
            ct => client.StorageV1.ListStorageClassAsync(cancellationToken: ct),
            (rv, timeout, onError, ct) => client.StorageV1.WatchListStorageClassAsync(
                allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>Cluster-scoped custom objects of one kind (NodePools, ECSNodeClasses).</summary>
    public static IListWatchSource<CustomResource> ClusterCustomObjects(IKubernetes client, string group, string version, string plural) =>
        new KubeListWatchSource<CustomResource, CustomResourceList>(
            plural,
            ct => client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList>(group, version, plural, cancellationToken: ct),
            (rv, timeout, onError, ct) => AsCustomResources(client.CustomObjects.WatchListClusterCustomObjectAsync(
                group, version, plural, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));

    // The untyped watch yields JSON objects; NodePools and ECSNodeClasses are few and rarely change,
    // so a round trip through the serializer costs nothing that matters.
    private static async IAsyncEnumerable<(WatchEventType, CustomResource)> AsCustomResources(IAsyncEnumerable<(WatchEventType Type, object Object)> events)
    {
        await foreach (var (type, obj) in events)
        {
            yield return (type, KubernetesJson.Deserialize<CustomResource>(KubernetesJson.Serialize(obj)));
        }
    }
}
