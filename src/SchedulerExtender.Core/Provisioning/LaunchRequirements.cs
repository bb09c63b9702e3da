using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Provisioning;

/// <summary>
/// A requirement set split for the inner loop: the requirements on instance-type labels, on the
/// zone and on the capacity type, each checked without dictionary lookups.
/// </summary>
internal sealed class LaunchRequirements
{
    private readonly Requirement[] typeRequirements;
    private readonly Requirement? zone;
    private readonly Requirement? capacityType;

    public LaunchRequirements(RequirementSet set)
    {
        Set = set;
        var typeReqs = new List<Requirement>();
        foreach (var r in set.Requirements)
        {
            switch (r.Key)
            {
                case WellKnownLabels.Zone:
                    zone = r;
                    break;
                case WellKnownLabels.CapacityType:
                    capacityType = r;
                    break;
                default:
                    if (WellKnownLabels.IsDecidedAtLaunch(r.Key))
                    {
                        typeReqs.Add(r);
                    }

                    break;
            }
        }

        typeRequirements = [.. typeReqs];
        Key = set.ToString();
    }

    public RequirementSet Set { get; }

    /// <summary>A canonical text of the set: claims with equal keys can share pods.</summary>
    public string Key { get; }

    public bool AllowsType(TypeProfile type)
    {
        foreach (var r in typeRequirements)
        {
            if (!r.AllowsLabel(type.Label(r.Key)))
            {
                return false;
            }
        }

        return true;
    }

    public bool AllowsOffering(Offering offering) =>
        (zone is null || zone.Allows(offering.Zone)) &&
        (capacityType is null || capacityType.Allows(offering.CapacityType.ToLabelValue()));
}
