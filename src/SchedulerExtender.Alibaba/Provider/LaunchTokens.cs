using System.Security.Cryptography;
using System.Text;
using SchedulerExtender.Core.Catalog;

namespace SchedulerExtender.Alibaba.Provider;

/// <summary>
/// ClientTokens for RunInstances, derived from the node claim and the offering: every retry of the
/// same launch sends the same token (ECS then returns the first call's instance instead of starting a
/// second one), while a different offering gets a different token (ECS would reject a reused token
/// with other parameters as IdempotentParameterMismatch).
/// </summary>
public static class LaunchTokens
{
    public static string For(string nodeClaim, string instanceType, string zone, CapacityType capacityType)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{nodeClaim}\n{instanceType}\n{zone}\n{capacityType.ToLabelValue()}"));
        return "sx-" + Convert.ToHexStringLower(digest)[..40];
    }
}
