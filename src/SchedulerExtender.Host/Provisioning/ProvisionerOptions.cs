namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// The <c>Provisioner</c> configuration section (JSON file or <c>SCHEDEXT_Provisioner__Key</c>).
/// Off unless <see cref="Enabled"/> (always on in <c>serve --local</c>, against the ECS emulator).
/// </summary>
public sealed record ProvisionerOptions
{
    public const string Section = "Provisioner";

    public bool Enabled { get; init; }

    /// <summary>ECS region (cn-shenzhen, …) the cluster's nodes are launched in.</summary>
    public string Region { get; init; } = "";

    /// <summary>Tags every instance (<c>schedext.io/cluster</c>) so instances of this cluster are found again.</summary>
    public string ClusterId { get; init; } = "";

    /// <summary>ECS/VPC OpenAPI endpoint; empty uses the public regional endpoints.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Spot protection period in hours (0 or 1); empty leaves ECS's default.</summary>
    public int? SpotDuration { get; init; }

    /// <summary>Folder with <c>access-key-id</c> / <c>access-key-secret</c> (a mounted Secret) for the credential chain.</summary>
    public string? CredentialsDirectory { get; init; }

    /// <summary>NodePool / ECSNodeClass YAML files; empty reads them from the cluster (the CRDs under manifests/crds).</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    public TimeSpan BatchIdle { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BatchMax { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan NoStockTtl { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>NodeClaims created and launched at once (see <c>ProvisionerSettings.DefaultMaxParallelLaunches</c> for the default of 10).</summary>
    public int MaxParallelLaunches { get; init; } = Kubernetes.Provisioning.ProvisionerSettings.DefaultMaxParallelLaunches;

    /// <summary>
    /// How often the NodePools' and ECSNodeClasses' status is brought up to date (only objects whose
    /// status changed are written). Longer than <see cref="PollInterval"/>: each pass lists the
    /// NodeClaims and resolves every node class (cached, but a class that matches nothing asks the cloud).
    /// </summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often spot prices and stock are re-read from ECS (the catalogue's figures until the first refresh).</summary>
    public TimeSpan PriceRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old the list of the cluster's instances may be when a pass reads it (DescribeInstances,
    /// which ECS throttles per account); our own launches and deletions show at once. Zero lists every pass.
    /// </summary>
    public TimeSpan InstanceListMaxAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Empty: the pod's own namespace (POD_NAMESPACE, where the Role grants leases), else kube-system.</summary>
    public string LeaseNamespace { get; init; } = "";

    public string LeaseName { get; init; } = "schedext-provisioner";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
