namespace SchedulerExtender.Core.Config;

/// <summary>
/// A core/v1 toleration as the solver reads it. Operator is Equal or Exists; an empty key with
/// Exists tolerates every taint; a null effect matches every effect.
/// </summary>
public sealed record PodToleration(string? Key, string Operator = "Equal", string? Value = null, string? Effect = null)
{
    public bool Tolerates(Taint taint)
    {
        if (Effect is { Length: > 0 } effect && effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(Key))
        {
            return Operator == "Exists";
        }

        return Key == taint.Key && (Operator == "Exists" || (Value ?? "") == (taint.Value ?? ""));
    }
}
