using SchedulerExtender.Alibaba.Credentials;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>
/// Registered by <c>serve --local</c>: the provisioner runs against the ECS emulator at
/// <see cref="Endpoint"/> with its AccessKey, in its region, with the article's NodePool and
/// ECSNodeClass unless <c>Provisioner:ConfigFiles</c> names others.
/// </summary>
public sealed record LocalProvisioning(Uri Endpoint, AlibabaCredential Credential, string Region = "cn-shenzhen", string ClusterId = ArticleProvisioningConfig.ClusterName);
