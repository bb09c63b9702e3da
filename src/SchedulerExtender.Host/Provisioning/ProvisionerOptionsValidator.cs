using Microsoft.Extensions.Options;

namespace SchedulerExtender.Host.Provisioning;

/// <summary>Rejects a <c>Provisioner</c> section that cannot work, naming each bad key.</summary>
public sealed class ProvisionerOptionsValidator : IValidateOptions<ProvisionerOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvisionerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"Provisioner:{key} must be a positive duration (got {value}).");
            }
        }

        Positive(options.BatchIdle, nameof(options.BatchIdle));
        Positive(options.BatchMax, nameof(options.BatchMax));
        Positive(options.NoStockTtl, nameof(options.NoStockTtl));
        Positive(options.RegistrationTimeout, nameof(options.RegistrationTimeout));
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.PriceRefreshInterval, nameof(options.PriceRefreshInterval));
        Positive(options.StatusInterval, nameof(options.StatusInterval));
        Positive(options.RetryPeriod, nameof(options.RetryPeriod));
        if (options.InstanceListMaxAge < TimeSpan.Zero)
        {
            errors.Add($"Provisioner:InstanceListMaxAge must not be negative (got {options.InstanceListMaxAge}; zero lists the instances every pass).");
        }

        if (options.MaxParallelLaunches <= 0)
        {
            errors.Add($"Provisioner:MaxParallelLaunches must be at least 1 (got {options.MaxParallelLaunches}).");
        }

        if (options.BatchMax < options.BatchIdle)
        {
            errors.Add($"Provisioner:BatchMax ({options.BatchMax}) must not be shorter than Provisioner:BatchIdle ({options.BatchIdle}).");
        }

        if (options.RenewDeadline >= options.LeaseDuration || options.RetryPeriod >= options.RenewDeadline)
        {
            errors.Add("Provisioner: RetryPeriod < RenewDeadline < LeaseDuration is required for leader election.");
        }

        if (options.SpotDuration is not (null or 0 or 1))
        {
            errors.Add($"Provisioner:SpotDuration must be 0 or 1 (hours), got {options.SpotDuration}.");
        }

        if (options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Region))
            {
                errors.Add("Provisioner:Region is required when the provisioner is enabled.");
            }

            if (string.IsNullOrWhiteSpace(options.ClusterId))
            {
                errors.Add("Provisioner:ClusterId is required when the provisioner is enabled.");
            }

            if (string.IsNullOrWhiteSpace(options.LeaseName))
            {
                errors.Add("Provisioner:LeaseName is required when the provisioner is enabled.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
