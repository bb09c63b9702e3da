namespace SchedulerExtender.Alibaba.Ecs;

/// <summary>
/// An ECS API call failed. <see cref="Kind"/> says what to do about it. The message is the
/// server's, with any credential value it echoed (a SignatureDoesNotMatch message repeats the
/// string to sign, which contains the STS token) removed.
/// </summary>
public sealed class EcsApiException : Exception
{
    public EcsApiException(string action, string code, string message, string? requestId, int httpStatus, Exception? inner = null)
        : base($"ECS {action} failed: {code}: {message} (RequestId {requestId ?? "none"}, HTTP {httpStatus})", inner)
    {
        Action = action;
        Code = code;
        ServerMessage = message;
        RequestId = requestId;
        HttpStatus = httpStatus;
        Kind = EcsErrorCodes.Classify(code);
    }

    public EcsApiException()
        : this("unknown", "Unknown", "", null, 0)
    {
    }

    public EcsApiException(string message)
        : this("unknown", "Unknown", message, null, 0)
    {
    }

    public EcsApiException(string message, Exception innerException)
        : this("unknown", "Unknown", message, null, 0, innerException)
    {
    }

    public string Action { get; }

    public string Code { get; }

    public string ServerMessage { get; }

    public string? RequestId { get; }

    /// <summary>The HTTP status (0 for a network error). Informative only; decisions use <see cref="Code"/>.</summary>
    public int HttpStatus { get; }

    public EcsErrorKind Kind { get; }
}
