using SchedulerExtender.Core.Resources;

namespace SchedulerExtender.Core.Scoring;

/// <summary>
/// What one scoring of a pod over a set of nodes shares across nodes: the resources the pod
/// occupies and the cheapest pod cost among the candidates (infinity when no price is known). With
/// it, <see cref="NodeScorer.Explain"/> reproduces any node's score and breakdown on demand.
/// </summary>
public readonly record struct ScoringRun(ResourceAmounts Request, double CheapestPodCost);
