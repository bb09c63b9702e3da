namespace SchedulerExtender.Local.Ecs;

/// <summary>An image the emulator knows (OwnerAlias system, self, others or marketplace; Architecture x86_64 or arm64).</summary>
public sealed record EmulatedImage(string ImageId, string RegionId, string ImageName, string ImageFamily, string Architecture, string OwnerAlias)
{
    public DateTimeOffset CreationTime { get; init; } = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
}
