namespace SchedulerExtender.Host.Extender;

/// <summary>How a handler call ended: 200 with the answer written, or 400 with a message for the caller.</summary>
public readonly record struct ExtenderReply(int StatusCode, string? Error)
{
    public static ExtenderReply Ok { get; } = new(200, null);

    public static ExtenderReply BadRequest(string error) => new(400, error);
}
