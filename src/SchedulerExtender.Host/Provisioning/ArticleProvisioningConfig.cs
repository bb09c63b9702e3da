namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// The source article's NodePool and ECSNodeClass (as in <c>shared/seed/nodepool.yaml</c> and
/// <c>nodeclass.yaml</c>), used by local mode when no files are configured: spot and on-demand,
/// amd64 Linux, vSwitches and security groups tagged <c>karpenter.sh/discovery: demo-cluster</c>,
/// the ContainerOS image, a 20 GiB cloud_auto PL0 system disk.
/// </summary>
public static class ArticleProvisioningConfig
{
    public const string ClusterName = "demo-cluster";

    public const string DiscoveryTag = "karpenter.sh/discovery";

    public const string NodePool = """
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata:
          name: ecsnodepool
        spec:
          disruption:
            budgets:
              - nodes: 95%
            consolidationPolicy: WhenEmptyOrUnderutilized
            consolidateAfter: 1m
          template:
            spec:
              requirements:
                - key: kubernetes.io/arch
                  operator: In
                  values: [ "amd64" ]
                - key: kubernetes.io/os
                  operator: In
                  values: ["linux"]
                - key: karpenter.sh/capacity-type
                  operator: In
                  values: ["spot", "on-demand"]
              nodeClassRef:
                group: "karpenter.k8s.alibabacloud"
                kind: ECSNodeClass
                name: defaultnodeclass
        """;

    public const string NodeClass = """
        apiVersion: karpenter.k8s.alibabacloud/v1alpha1
        kind: ECSNodeClass
        metadata:
          name: defaultnodeclass
        spec:
          vSwitchSelectorTerms:
            - tags:
                karpenter.sh/discovery: "demo-cluster"
          securityGroupSelectorTerms:
            - tags:
                karpenter.sh/discovery: "demo-cluster"
          imageSelectorTerms:
            - alias: ContainerOS
          systemDisk:
            categories:
              - cloud_auto
            performanceLevel: PL0
            size: 20
        """;
}
