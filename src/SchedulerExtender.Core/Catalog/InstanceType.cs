namespace SchedulerExtender.Core.Catalog;

/// <summary>
/// An ECS instance type as the catalogue knows it. Memory is in GiB as DescribeInstanceTypes
/// reports it; <see cref="Family"/> is the ECS family (<c>ecs.g7</c> for <c>ecs.g7.xlarge</c>).
/// </summary>
public sealed record InstanceType(
    string Name,
    string Family,
    string Architecture,
    double Vcpu,
    double MemoryGiB,
    int Gpu,
    IReadOnlyList<Offering> Offerings)
{
    public double MemoryMiB => MemoryGiB * 1024;

    /// <summary>The family of an ECS type name: everything before the last dot.</summary>
    public static string FamilyOf(string name)
    {
        var lastDot = name.LastIndexOf('.');
        return lastDot > 0 ? name[..lastDot] : name;
    }
}
