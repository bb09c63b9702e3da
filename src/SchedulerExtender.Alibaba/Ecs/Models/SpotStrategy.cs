namespace SchedulerExtender.Alibaba.Ecs.Models;

/// <summary>RunInstances SpotStrategy values.</summary>
public enum SpotStrategy
{
    NoSpot,
    SpotAsPriceGo,
    SpotWithPriceLimit,
}
