using SchedulerExtender.Alibaba.Credentials;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>A fixed AccessKey pair: the ECS emulator's, in local mode.</summary>
public sealed class StaticCredentialSource(AlibabaCredential credential) : ICredentialSource
{
    public string Name => "static";

    public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AlibabaCredential?>(credential);
}
