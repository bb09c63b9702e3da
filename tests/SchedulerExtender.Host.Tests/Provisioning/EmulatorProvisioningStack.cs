using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Host.Provisioning;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Tests.Provisioning;

/// <summary>The production cloud stack for cn-shenzhen pointed at an ECS emulator, signed with its default key; retries wait a millisecond.</summary>
internal static class EmulatorProvisioningStack
{
    public static AlibabaProvisioningStack Create(EcsEmulatorServer ecs, ILoggerFactory logging) =>
        new("cn-shenzhen", ArticleProvisioningConfig.ClusterName, ecs.BaseAddress,
            new StaticCredentialSource(new AlibabaCredential(EcsEmulatorOptions.DefaultAccessKeyId, EcsEmulatorOptions.DefaultAccessKeySecret)),
            null, TimeProvider.System, logging,
            retry: new EcsRetryPolicy { MaxAttempts = 2, TransientBaseDelay = TimeSpan.FromMilliseconds(1), ThrottledBaseDelay = TimeSpan.FromMilliseconds(1) });
}
