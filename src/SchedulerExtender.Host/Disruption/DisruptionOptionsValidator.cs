using Microsoft.Extensions.Options;

namespace SchedulerExtender.Host.Disruption;

/// <summary>Rejects a <c>Disruption</c> section that cannot work, naming each bad key.</summary>
public sealed class DisruptionOptionsValidator : IValidateOptions<DisruptionControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, DisruptionControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"Disruption:{key} must be a positive duration (got {value}).");
            }
        }

        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.ReclaimedOfferingTtl, nameof(options.ReclaimedOfferingTtl));
        Positive(options.OrphanGracePeriod, nameof(options.OrphanGracePeriod));
        Positive(options.ReplacementTimeout, nameof(options.ReplacementTimeout));
        if (options.ValidationDelay < TimeSpan.Zero)
        {
            errors.Add($"Disruption:ValidationDelay must not be negative (got {options.ValidationDelay}).");
        }

        if (options.AbandonedReplaceBackoff < TimeSpan.Zero)
        {
            errors.Add($"Disruption:AbandonedReplaceBackoff must not be negative (got {options.AbandonedReplaceBackoff}).");
        }

        if (options.AbandonedReplaceBackoffMax < options.AbandonedReplaceBackoff)
        {
            errors.Add($"Disruption:AbandonedReplaceBackoffMax ({options.AbandonedReplaceBackoffMax}) must not be shorter than Disruption:AbandonedReplaceBackoff ({options.AbandonedReplaceBackoff}).");
        }

        if (options.RepairAfter < TimeSpan.Zero)
        {
            errors.Add($"Disruption:RepairAfter must not be negative (got {options.RepairAfter}; 00:00:00 turns node repair off).");
        }

        for (var i = 0; i < options.RepairConditions.Count; i++)
        {
            var condition = options.RepairConditions[i];
            var key = $"Disruption:RepairConditions:{i}";
            if (string.IsNullOrWhiteSpace(condition.Type))
            {
                errors.Add($"{key}:Type must name a node condition type (e.g. KernelDeadlock).");
            }
            else if (condition.Type == "Ready")
            {
                errors.Add($"{key}: the Ready condition is set by Disruption:RepairAfter, not here.");
            }

            if (condition.Status is not ("True" or "False" or "Unknown"))
            {
                errors.Add($"{key}:Status must be True, False or Unknown (got \"{condition.Status}\").");
            }

            if (condition.After <= TimeSpan.Zero)
            {
                errors.Add($"{key}:After must be a positive duration (got {condition.After}).");
            }
        }

        if (!Enum.IsDefined(options.ExecutorDisruption))
        {
            errors.Add($"Disruption:ExecutorDisruption must be WaitForExecutors or Graceful (got {options.ExecutorDisruption}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
