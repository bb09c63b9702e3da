using Microsoft.Extensions.Options;
using SchedulerExtender.Alibaba.Ack;

namespace SchedulerExtender.Host.Cloud;

/// <summary>Start-up validation of <c>Alibaba:Bootstrap</c>, each failure naming its key.</summary>
internal sealed class AckBootstrapOptionsValidator : IValidateOptions<AckBootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, AckBootstrapOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
