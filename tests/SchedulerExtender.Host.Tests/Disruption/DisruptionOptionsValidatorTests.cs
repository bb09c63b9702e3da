using SchedulerExtender.Core.Disruption;
using SchedulerExtender.Host.Disruption;

namespace SchedulerExtender.Host.Tests.Disruption;

public sealed class DisruptionOptionsValidatorTests
{
    public static TheoryData<string, DisruptionControllerOptions, string?> Cases => new()
    {
        { "defaults", new DisruptionControllerOptions(), null },
        { "no validation delay", new DisruptionControllerOptions { ValidationDelay = TimeSpan.Zero }, null },
        { "zero poll interval", new DisruptionControllerOptions { PollInterval = TimeSpan.Zero }, "Disruption:PollInterval" },
        { "negative validation delay", new DisruptionControllerOptions { ValidationDelay = TimeSpan.FromSeconds(-1) }, "Disruption:ValidationDelay" },
        { "zero orphan grace", new DisruptionControllerOptions { OrphanGracePeriod = TimeSpan.Zero }, "Disruption:OrphanGracePeriod" },
        { "zero replacement timeout", new DisruptionControllerOptions { ReplacementTimeout = TimeSpan.Zero }, "Disruption:ReplacementTimeout" },
        { "zero reclaimed TTL", new DisruptionControllerOptions { ReclaimedOfferingTtl = TimeSpan.Zero }, "Disruption:ReclaimedOfferingTtl" },
        { "no abandoned-replace back-off", new DisruptionControllerOptions { AbandonedReplaceBackoff = TimeSpan.Zero }, null },
        { "negative abandoned-replace back-off", new DisruptionControllerOptions { AbandonedReplaceBackoff = TimeSpan.FromMinutes(-1) }, "Disruption:AbandonedReplaceBackoff" },
        { "no growth: the maximum equals the back-off", new DisruptionControllerOptions { AbandonedReplaceBackoffMax = TimeSpan.FromMinutes(15) }, null },
        { "maximum below the back-off", new DisruptionControllerOptions { AbandonedReplaceBackoffMax = TimeSpan.FromMinutes(10) }, "Disruption:AbandonedReplaceBackoffMax" },
        { "node repair off", new DisruptionControllerOptions { RepairAfter = TimeSpan.Zero }, null },
        { "negative repair delay", new DisruptionControllerOptions { RepairAfter = TimeSpan.FromMinutes(-1) }, "Disruption:RepairAfter" },
        { "a node-problem-detector condition", new DisruptionControllerOptions { RepairConditions = [Repair("KernelDeadlock", "True", 10)] }, null },
        { "a repair condition without a type", new DisruptionControllerOptions { RepairConditions = [Repair("KernelDeadlock", "True", 10), Repair(" ", "True", 10)] }, "Disruption:RepairConditions:1:Type" },
        { "Ready as a repair condition", new DisruptionControllerOptions { RepairConditions = [Repair("Ready", "False", 10)] }, "Disruption:RepairAfter" },
        { "a repair condition with a lower-case status", new DisruptionControllerOptions { RepairConditions = [Repair("KernelDeadlock", "true", 10)] }, "Disruption:RepairConditions:0:Status" },
        { "a repair condition held for no time", new DisruptionControllerOptions { RepairConditions = [Repair("KernelDeadlock", "True", 0)] }, "Disruption:RepairConditions:0:After" },
        { "unknown executor policy", new DisruptionControllerOptions { ExecutorDisruption = (ExecutorDisruption)7 }, "Disruption:ExecutorDisruption" },
    };

    private static RepairConditionOptions Repair(string type, string status, int minutes) =>
        new() { Type = type, Status = status, After = TimeSpan.FromMinutes(minutes) };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_the_bad_key(string what, DisruptionControllerOptions options, string? badKey)
    {
        var result = new DisruptionOptionsValidator().Validate(null, options);

        if (badKey is null)
        {
            result.Succeeded.Should().BeTrue(what);
        }
        else
        {
            result.Failed.Should().BeTrue(what);
            result.FailureMessage.Should().Contain(badKey);
        }
    }
}
