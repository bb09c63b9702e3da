namespace SchedulerExtender.Core.Extender;

/// <summary>A node that fails the filter, with the failure kind (for metrics) and a message for people.</summary>
public sealed record NodeRejection(string Node, FilterFailure Failure, string Message);
