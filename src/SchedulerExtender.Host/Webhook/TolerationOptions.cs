namespace SchedulerExtender.Host.Webhook;

/// <summary>A toleration in configuration (<c>Webhook:SpotToleration</c>).</summary>
public sealed class TolerationOptions
{
    public string Key { get; set; } = "";

    public string Operator { get; set; } = "Exists";

    public string? Value { get; set; }

    public string? Effect { get; set; } = "NoSchedule";
}
