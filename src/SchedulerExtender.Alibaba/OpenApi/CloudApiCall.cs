namespace SchedulerExtender.Alibaba.OpenApi;

/// <summary>
/// One request to a cloud API: the product (<c>ECS</c>, <c>VPC</c>, <c>CS</c>), the action, the
/// error Code it failed with (null on success; <c>NetworkError</c> when no answer came) and how
/// long it took. Carries no parameters and nothing secret.
/// </summary>
public sealed record CloudApiCall(string Service, string Action, string? ErrorCode, TimeSpan Duration)
{
    public bool Succeeded => ErrorCode is null;
}
