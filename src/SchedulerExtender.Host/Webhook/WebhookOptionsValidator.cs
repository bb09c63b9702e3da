using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Host.Webhook;

/// <summary>Rejects a configuration the API server would reject in a patch, naming the field.</summary>
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (!IsQualifiedName(options.CapacityTypeLabel))
        {
            errors.Add($"Webhook:CapacityTypeLabel '{options.CapacityTypeLabel}' is not a valid label key ([prefix/]name)");
        }

        foreach (var value in options.SpotValues ?? [])
        {
            if (!LabelValue().IsMatch(value))
            {
                errors.Add($"Webhook:SpotValues '{value}' is not a valid label value");
            }
        }

        if (!ExecutorPolicies.TryParse(options.ExecutorPolicy, out _))
        {
            errors.Add($"Webhook:ExecutorPolicy '{options.ExecutorPolicy}' must be spot, prefer-spot or none");
        }

        if (options.SpotToleration is { } t)
        {
            if (t.Operator is not ("Exists" or "Equal"))
            {
                errors.Add($"Webhook:SpotToleration:Operator '{t.Operator}' must be Exists or Equal");
            }

            if (t.Effect is not (null or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                errors.Add($"Webhook:SpotToleration:Effect '{t.Effect}' must be NoSchedule, PreferNoSchedule or NoExecute");
            }

            if (t.Operator == "Exists" && t.Value is not null)
            {
                errors.Add("Webhook:SpotToleration:Value must be empty when Operator is Exists");
            }

            if (t.Key.Length > 0 && !IsQualifiedName(t.Key))
            {
                errors.Add($"Webhook:SpotToleration:Key '{t.Key}' is not a valid taint key");
            }
        }

        if (options.ExecutorTerminationGracePeriodSeconds is < 0 or > 86_400)
        {
            errors.Add("Webhook:ExecutorTerminationGracePeriodSeconds must be between 0 and 86400");
        }

        if (options.SchedulerName is { Length: > 0 } scheduler && !Subdomain().IsMatch(scheduler))
        {
            errors.Add($"Webhook:SchedulerName '{scheduler}' is not a valid scheduler name");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        return (prefix is null || (prefix.Length <= 253 && Subdomain().IsMatch(prefix))) &&
               name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
