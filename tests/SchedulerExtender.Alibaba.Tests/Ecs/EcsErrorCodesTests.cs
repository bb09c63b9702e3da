using SchedulerExtender.Alibaba.Ecs;

namespace SchedulerExtender.Alibaba.Tests.Ecs;

public sealed class EcsErrorCodesTests
{
    [Theory]
    [InlineData("OperationDenied.NoStock", EcsErrorKind.NoStock)]
    [InlineData("Zone.NotOnSale", EcsErrorKind.NoStock)]
    [InlineData("InstanceType.Offline", EcsErrorKind.NoStock)]
    [InlineData("InvalidInstanceType.ValueNotSupported", EcsErrorKind.NoStock)]
    [InlineData("InvalidInstanceType.NotSupported", EcsErrorKind.NoStock)]
    [InlineData("InvalidVSwitchId.IpNotEnough", EcsErrorKind.NoStock)]
    [InlineData("QuotaExceed.ElasticQuota", EcsErrorKind.NoStock)]
    [InlineData("Throttling", EcsErrorKind.Throttled)]
    [InlineData("Throttling.User", EcsErrorKind.Throttled)]
    [InlineData("Throttling.Api", EcsErrorKind.Throttled)]
    [InlineData("ServiceUnavailable", EcsErrorKind.Transient)]
    [InlineData("NetworkError", EcsErrorKind.Transient)]
    [InlineData("InternalError", EcsErrorKind.Transient)]
    [InlineData("SignatureNonceUsed", EcsErrorKind.Transient)]
    [InlineData("IdempotentProcessing", EcsErrorKind.Transient)]
    [InlineData("InvalidInstanceId.NotFound", EcsErrorKind.NotFound)]
    [InlineData("IdempotentParameterMismatch", EcsErrorKind.IdempotencyConflict)]
    [InlineData("SignatureDoesNotMatch", EcsErrorKind.Auth)]
    [InlineData("InvalidAccessKeyId.NotFound", EcsErrorKind.Auth)]
    [InlineData("InvalidSecurityToken.Expired", EcsErrorKind.Auth)]
    [InlineData("Forbidden.RAM", EcsErrorKind.Auth)]
    [InlineData("InvalidParameter", EcsErrorKind.Invalid)]
    [InlineData("MissingParameter", EcsErrorKind.Invalid)]
    [InlineData("InvalidSpotPriceLimit.LowerThanPublicPrice", EcsErrorKind.Invalid)]
    public void Codes_map_to_kinds(string code, EcsErrorKind kind) => EcsErrorCodes.Classify(code).Should().Be(kind);

    [Theory]
    [InlineData(EcsErrorKind.Throttled, true)]
    [InlineData(EcsErrorKind.Transient, true)]
    [InlineData(EcsErrorKind.NoStock, false)]
    [InlineData(EcsErrorKind.Auth, false)]
    [InlineData(EcsErrorKind.IdempotencyConflict, false)]
    [InlineData(EcsErrorKind.NotFound, false)]
    [InlineData(EcsErrorKind.Invalid, false)]
    public void Only_throttling_and_transient_errors_are_retried(EcsErrorKind kind, bool retried) =>
        EcsRetryPolicy.IsRetryable(kind).Should().Be(retried);
}
