using SchedulerExtender.Core.Scoring;

namespace SchedulerExtender.Host.Extender;

/// <summary>A node from the request's NodeList: the parsed model plus where its JSON sits in the body, to copy it out unchanged.</summary>
public readonly record struct ParsedNode(NodeInfo Info, int Start, int Length);
