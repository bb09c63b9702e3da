using System.Globalization;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Bench.Extender;

/// <summary>
/// The extender's own time per call, from the server's <c>/metrics</c> as Prometheus would read it:
/// the request-duration histogram's sum and count per verb. Two readings around a measurement give
/// the server's mean per call during it — what kube-scheduler's cycle waits for beyond the transport,
/// with the caches as cold as the HTTPS stack and the client between calls leave them (an
/// in-process loop keeps them warm).
/// </summary>
public sealed class ServerTimes
{
    private static readonly string SumPrefix = ExtenderMetrics.DurationMetric + "_sum{verb=\"";
    private static readonly string CountPrefix = ExtenderMetrics.DurationMetric + "_count{verb=\"";

    private readonly Dictionary<string, (double Seconds, long Calls)> byVerb;

    private ServerTimes(Dictionary<string, (double Seconds, long Calls)> byVerb) => this.byVerb = byVerb;

    public static async Task<ServerTimes> ReadAsync(HttpClient client, Uri metricsAddress) =>
        Parse(await client.GetStringAsync(new Uri(metricsAddress, "metrics")));

    /// <summary>Sum and count per verb from Prometheus text exposition; other lines are ignored.</summary>
    public static ServerTimes Parse(string exposition)
    {
        var byVerb = new Dictionary<string, (double Seconds, long Calls)>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            var isSum = line.StartsWith(SumPrefix, StringComparison.Ordinal);
            if (!isSum && !line.StartsWith(CountPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[(isSum ? SumPrefix : CountPrefix).Length..];
            var verb = rest[..rest.IndexOf('"', StringComparison.Ordinal)];
            var value = double.Parse(rest[(rest.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            var (seconds, calls) = byVerb.GetValueOrDefault(verb);
            byVerb[verb] = isSum ? (value, calls) : (seconds, (long)value);
        }

        return new ServerTimes(byVerb);
    }

    /// <summary>Mean milliseconds per <paramref name="verb"/> call made between <paramref name="before"/> and this reading; null without calls.</summary>
    public double? MeanMsSince(ServerTimes before, string verb)
    {
        var (seconds, calls) = byVerb.GetValueOrDefault(verb);
        var (secondsBefore, callsBefore) = before.byVerb.GetValueOrDefault(verb);
        return calls > callsBefore ? (seconds - secondsBefore) * 1000 / (calls - callsBefore) : null;
    }
}
