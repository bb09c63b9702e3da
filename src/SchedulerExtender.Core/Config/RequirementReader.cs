using System.Globalization;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Config;

/// <summary>
/// Reads one NodeSelectorRequirement ({key, operator, values, minValues}) and checks it the way the
/// API server does: In / NotIn need values, Exists / DoesNotExist take none, Gt / Lt take one integer.
/// </summary>
internal static class RequirementReader
{
    public static NodeSelectorRequirement? Read(FieldReader r, JsonObject o, string path, bool allowMinValues)
    {
        var known = allowMinValues ? new[] { "key", "operator", "values", "minValues" } : ["key", "operator", "values"];
        r.RejectUnknown(o, path, known);
        var errorsBefore = r.Errors.Count;
        var key = r.String(o, "key", path, required: true);
        var op = r.Enum<RequirementOperator>(o, "operator", path, required: true);
        var values = r.Strings(o, "values", path);
        var minValues = allowMinValues ? r.Integer(o, "minValues", path, 1, 50) : null;
        var vp = FieldReader.Join(path, "values");
        switch (op)
        {
            case RequirementOperator.In or RequirementOperator.NotIn when values.Count == 0:
                r.Error(vp, $"{op} needs at least one value");
                break;
            case RequirementOperator.Exists or RequirementOperator.DoesNotExist when values.Count > 0:
                r.Error(vp, $"{op} takes no values");
                break;
            case RequirementOperator.Gt or RequirementOperator.Lt
                when values.Count != 1 || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                r.Error(vp, $"{op} takes exactly one integer value");
                break;
        }

        if (minValues is { } m && op == RequirementOperator.In && m > values.Count)
        {
            r.Error(FieldReader.Join(path, "minValues"), $"{m} is more than the {values.Count} values listed");
        }

        return r.Errors.Count == errorsBefore && key is not null && op is { } o2
            ? new NodeSelectorRequirement(key, o2, values, minValues is { } mv ? (int)mv : null)
            : null;
    }
}
