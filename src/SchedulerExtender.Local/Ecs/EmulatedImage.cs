namespace SchedulerExtender.Local.Ecs;

/// <summary>An image the emulator knows (OwnerAlias system, self, others or marketplace).</summary>
public sealed record EmulatedImage(string ImageId, string RegionId, string ImageName, string ImageFamily, string Architecture, string OwnerAlias);
