using System.Text.Json.Nodes;
using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Core.Tests.Placement;

/// <summary>A pod, what applies to it, and a check of the patched pod.</summary>
internal sealed record MutationScenario(
    JsonObject Pod,
    PlacementDecision Decision,
    PlacementOptions Options,
    Action<JsonObject, Mutation> Check);
