namespace SchedulerExtender.Local.Ecs;

/// <summary>What the emulator answers: an HTTP status and a JSON body (serialized as written: ECS field names).</summary>
public sealed record EcsEmulatorResponse(int StatusCode, object Body)
{
    /// <summary>The ECS error code for an error answer, else null.</summary>
    public string? ErrorCode { get; init; }
}
