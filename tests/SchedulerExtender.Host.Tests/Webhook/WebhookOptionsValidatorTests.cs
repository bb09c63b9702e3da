using SchedulerExtender.Host.Webhook;

namespace SchedulerExtender.Host.Tests.Webhook;

public sealed class WebhookOptionsValidatorTests
{
    public static TheoryData<string, Action<WebhookOptions>, string?> Cases => new()
    {
        { "defaults", _ => { }, null },
        { "custom label", o => o.CapacityTypeLabel = "node.example.com/lifecycle", null },
        { "label with two slashes", o => o.CapacityTypeLabel = "a/b/c", "Webhook:CapacityTypeLabel" },
        { "empty label", o => o.CapacityTypeLabel = "", "Webhook:CapacityTypeLabel" },
        { "bad spot value", o => o.SpotValues = ["spot", "not ok!"], "Webhook:SpotValues 'not ok!'" },
        { "unknown policy", o => o.ExecutorPolicy = "cheap", "Webhook:ExecutorPolicy 'cheap'" },
        { "policy prefer-spot", o => o.ExecutorPolicy = "prefer-spot", null },
        { "toleration operator", o => o.SpotToleration = new TolerationOptions { Key = "spot", Operator = "In" }, "Webhook:SpotToleration:Operator" },
        { "toleration effect", o => o.SpotToleration = new TolerationOptions { Key = "spot", Effect = "Evict" }, "Webhook:SpotToleration:Effect" },
        { "toleration Exists with value", o => o.SpotToleration = new TolerationOptions { Key = "spot", Value = "true" }, "Webhook:SpotToleration:Value" },
        { "negative grace", o => o.ExecutorTerminationGracePeriodSeconds = -1, "Webhook:ExecutorTerminationGracePeriodSeconds" },
        { "scheduler with capitals", o => o.SchedulerName = "Schedext", "Webhook:SchedulerName" },
        { "scheduler name", o => o.SchedulerName = "schedext-scheduler", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_the_offending_field(string what, Action<WebhookOptions> change, string? expectedError)
    {
        var options = new WebhookOptions();
        change(options);

        var result = new WebhookOptionsValidator().Validate(null, options);

        if (expectedError is null)
        {
            result.Succeeded.Should().BeTrue(what + ": " + result.FailureMessage);
        }
        else
        {
            result.Failed.Should().BeTrue(what);
            result.FailureMessage.Should().Contain(expectedError);
        }
    }
}
