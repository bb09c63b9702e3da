namespace SchedulerExtender.Host.Extender;

/// <summary>The request body is not a usable ExtenderArgs; the message says why and goes back to the caller (HTTP 400).</summary>
public sealed class ExtenderRequestException(string message, Exception? inner = null) : Exception(message, inner);
