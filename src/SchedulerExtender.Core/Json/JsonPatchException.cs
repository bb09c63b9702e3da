namespace SchedulerExtender.Core.Json;

/// <summary>A JSON Patch (RFC 6902) or JSON Pointer (RFC 6901) that is malformed or does not apply.</summary>
public sealed class JsonPatchException : Exception
{
    public JsonPatchException(string message)
        : base(message)
    {
    }

    public JsonPatchException()
    {
    }

    public JsonPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
