namespace SchedulerExtender.Host.Tests.Extender;

/// <summary>
/// Request bodies exactly as kube-scheduler's HTTPExtender marshals them with Go's encoding/json:
/// ExtenderArgs without JSON tags (PascalCase keys, nil pointers as null), core/v1 objects in
/// camelCase without kind/apiVersion, Node.status.daemonEndpoints with its capitalised "Port" tag.
/// </summary>
internal static class KubeSchedulerJson
{
    public static string Node(
        string name,
        string? capacityType = "spot",
        string instanceType = "ecs.g7.xlarge",
        string zone = "cn-hangzhou-h",
        string cpu = "4",
        string memory = "16Gi",
        string taints = "",
        string annotations = "\"node.alpha.kubernetes.io/ttl\":\"0\",\"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\"")
    {
        var capacityLabel = capacityType is null ? "" : $"\"karpenter.sh/capacity-type\":\"{capacityType}\",";
        var taintList = taints.Length == 0 ? "" : $",\"taints\":[{taints}]";
        return
            """{"metadata":{"name":"@0@","uid":"9f0c3a52-6a8e-4c1e-9d2b-@1@","resourceVersion":"48213","creationTimestamp":"2026-11-24T01:02:03Z","labels":{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/os":"linux",@2@"karpenter.sh/nodepool":"spark","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"@3@","kubernetes.io/os":"linux","node.kubernetes.io/instance-type":"@4@","topology.kubernetes.io/region":"cn-hangzhou","topology.kubernetes.io/zone":"@5@"},"annotations":{@12@},"managedFields":[{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-11-24T01:02:03Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{}}}}}]},"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],"providerID":"alicloud://cn-hangzhou.i-bp1@6@"@13@},"status":{"capacity":{"cpu":"@7@","ephemeral-storage":"41152812Ki","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"@8@","pods":"110"},"allocatable":{"cpu":"@9@","ephemeral-storage":"37926431477","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"@10@","pods":"110"},"conditions":[{"type":"MemoryPressure","status":"False","lastHeartbeatTime":"2026-11-24T01:10:00Z","lastTransitionTime":"2026-11-24T01:02:03Z","reason":"KubeletHasSufficientMemory","message":"kubelet has sufficient memory available"},{"type":"Ready","status":"True","lastHeartbeatTime":"2026-11-24T01:10:00Z","lastTransitionTime":"2026-11-24T01:02:33Z","reason":"KubeletReady","message":"kubelet is posting ready status"}],"addresses":[{"type":"InternalIP","address":"172.16.0.12"},{"type":"Hostname","address":"@11@"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},"nodeInfo":{"machineID":"20231010","systemUUID":"5f3c","bootID":"a1b2","kernelVersion":"5.10.134-16.al8.x86_64","osImage":"Alibaba Cloud Linux 3","containerRuntimeVersion":"containerd://1.6.28","kubeletVersion":"v1.31.1","kubeProxyVersion":"v1.31.1","operatingSystem":"linux","architecture":"amd64"},"images":[{"names":["registry.cn-hangzhou.aliyuncs.com/acs/spark@sha256:0f1e","registry.cn-hangzhou.aliyuncs.com/acs/spark:3.5.1"],"sizeBytes":612345678}]}}"""
                .Replace("@0@", name, StringComparison.Ordinal)
                .Replace("@1@", name.Length.ToString("x12", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@2@", capacityLabel, StringComparison.Ordinal)
                .Replace("@3@", name, StringComparison.Ordinal)
                .Replace("@4@", instanceType, StringComparison.Ordinal)
                .Replace("@5@", zone, StringComparison.Ordinal)
                .Replace("@6@", name, StringComparison.Ordinal)
                .Replace("@7@", cpu, StringComparison.Ordinal)
                .Replace("@8@", memory, StringComparison.Ordinal)
                .Replace("@9@", cpu, StringComparison.Ordinal)
                .Replace("@10@", memory, StringComparison.Ordinal)
                .Replace("@11@", name, StringComparison.Ordinal)
                .Replace("@12@", annotations, StringComparison.Ordinal)
                .Replace("@13@", taintList, StringComparison.Ordinal);
    }

    public static string SparkPod(string role, string annotations = "", string requests = "{\"cpu\":\"1\",\"memory\":\"2Gi\"}")
    {
        var roleLabels = role.Length == 0 ? "\"app\":\"web\"" : $"\"spark-app-selector\":\"spark-5d1e\",\"spark-role\":\"{role}\"";
        return
            """{"metadata":{"name":"spark-pi-@0@","namespace":"spark","uid":"3c1f2a44-0d5e-4b8f-b2a1-6e3d9c7f1a20","resourceVersion":"48377","creationTimestamp":"2026-11-24T01:05:00Z","labels":{@2@},"annotations":{@3@}},"spec":{"volumes":[{"name":"spark-local-dir-1","emptyDir":{}}],"initContainers":[{"name":"setup","image":"busybox:1.36","resources":{"requests":{"cpu":"100m","memory":"64Mi"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"containers":[{"name":"spark-kubernetes-@1@","image":"apache/spark:3.5.1","args":["driver","--class","org.apache.spark.examples.SparkPi"],"ports":[{"name":"driver-rpc-port","containerPort":7078,"protocol":"TCP"}],"env":[{"name":"SPARK_DRIVER_BIND_ADDRESS","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],"resources":{"limits":{"memory":"2Gi"},"requests":@4@},"volumeMounts":[{"name":"spark-local-dir-1","mountPath":"/var/data/spark-1"}],"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"spark","serviceAccount":"spark","securityContext":{},"schedulerName":"default-scheduler","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},"status":{"phase":"Pending","qosClass":"Burstable"}}"""
                .Replace("@0@", (role.Length == 0 ? "web" : role), StringComparison.Ordinal)
                .Replace("@1@", role, StringComparison.Ordinal)
                .Replace("@2@", roleLabels, StringComparison.Ordinal)
                .Replace("@3@", annotations, StringComparison.Ordinal)
                .Replace("@4@", requests, StringComparison.Ordinal);
    }

    /// <summary>Full mode: <c>{"Pod":…,"Nodes":{"metadata":{},"items":[…]},"NodeNames":null}</c>.</summary>
    public static string FullArgs(string pod, params string[] nodes) =>
        $$"""{"Pod":{{pod}},"Nodes":{"metadata":{},"items":[{{string.Join(',', nodes)}}]},"NodeNames":null}""";

    /// <summary>nodeCacheCapable mode: <c>{"Pod":…,"Nodes":null,"NodeNames":[…]}</c>.</summary>
    public static string NamesArgs(string pod, params string[] names) =>
        $$"""{"Pod":{{pod}},"Nodes":null,"NodeNames":[{{string.Join(',', names.Select(n => $"\"{n}\""))}}]}""";

    /// <summary>
    /// nodeCacheCapable preemption: <c>{"Pod":…,"NodeNameToVictims":null,"NodeNameToMetaVictims":{node:{"Pods":[{"UID":…}],"NumPDBViolations":n}}}</c>,
    /// nodes in Go's map order (sorted).
    /// </summary>
    public static string MetaVictimsArgs(string pod, params (string Node, string[] Uids, int PdbViolations)[] nodes) =>
        "{\"Pod\":" + pod + ",\"NodeNameToVictims\":null,\"NodeNameToMetaVictims\":"
        + VictimMap(nodes.Select(n => (n.Node, n.Uids.Select(u => "{\"UID\":\"" + u + "\"}"), n.PdbViolations))) + "}";

    /// <summary>Full-mode preemption: whole victim pods per node, <c>NodeNameToMetaVictims</c> null.</summary>
    public static string VictimsArgs(string pod, params (string Node, string[] Pods, int PdbViolations)[] nodes) =>
        "{\"Pod\":" + pod + ",\"NodeNameToVictims\":" + VictimMap(nodes.Select(n => (n.Node, n.Pods.AsEnumerable(), n.PdbViolations)))
        + ",\"NodeNameToMetaVictims\":null}";

    /// <summary>A running pod kube-scheduler would evict, as a v1.Pod.</summary>
    public static string VictimPod(string name, string uid) =>
        """{"metadata":{"name":"@0@","namespace":"batch","uid":"@1@","labels":{"app":"report"}},"spec":{"containers":[{"name":"main","image":"busybox:1.36","resources":{"requests":{"cpu":"2"}}}],"nodeName":"od-b","priority":0},"status":{"phase":"Running"}}"""
            .Replace("@0@", name, StringComparison.Ordinal)
            .Replace("@1@", uid, StringComparison.Ordinal);

    /// <summary>A running Spark pod kube-scheduler would evict, as a v1.Pod with Spark's own labels (<paramref name="role"/> driver or executor).</summary>
    public static string SparkVictimPod(string name, string uid, string role) =>
        """{"metadata":{"name":"@0@","namespace":"spark","uid":"@1@","labels":{"spark-app-selector":"spark-etl-0001","spark-role":"@2@"}},"spec":{"containers":[{"name":"spark-kubernetes-@2@","image":"apache/spark:3.5.1","resources":{"requests":{"cpu":"1"}}}],"nodeName":"od-a","priority":0},"status":{"phase":"Running"}}"""
            .Replace("@0@", name, StringComparison.Ordinal)
            .Replace("@1@", uid, StringComparison.Ordinal)
            .Replace("@2@", role, StringComparison.Ordinal);

    private static string VictimMap(IEnumerable<(string Node, IEnumerable<string> Pods, int PdbViolations)> nodes) =>
        "{" + string.Join(',', nodes.OrderBy(n => n.Node, StringComparer.Ordinal)
            .Select(n => $"\"{n.Node}\":{{\"Pods\":[{string.Join(',', n.Pods)}],\"NumPDBViolations\":{n.PdbViolations}}}")) + "}";

    public const string DisruptedTaint = """{"key":"karpenter.sh/disrupted","effect":"NoSchedule"}""";
}
