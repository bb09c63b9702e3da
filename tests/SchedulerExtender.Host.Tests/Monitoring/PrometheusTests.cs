using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Serving;
using SchedulerExtender.Host.Tests.Webhook;
using SchedulerExtender.Testing;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// Our metrics as Prometheus itself sees them: promtool finds nothing to report in /metrics, and a
/// real Prometheus server (Debian package <c>prometheus</c>, installed by .ci/run) scrapes the
/// service and answers PromQL over its HTTP API.
/// </summary>
public sealed class PrometheusTests
{
    [Fact]
    public async Task Promtool_finds_nothing_to_report_in_our_metrics()
    {
        await using var server = await RunningServer.StartAsync();
        await SendTrafficAsync(server);
        var metrics = await server.Http.GetStringAsync("/metrics");

        await Promtool.FindsNothingAsync(metrics);
        metrics.Should().Contain("schedext_webhook_admissions_total").And.Contain("schedext_extender_request_duration_seconds");
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_service_and_answers_queries()
    {
        await using var server = await RunningServer.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(server.HttpBase);

        await SendTrafficAsync(server);
        var mutated = await prometheus.QueryUntilAsync("sum(schedext_webhook_admissions_total{outcome=\"mutated\"})", v => v == 2);
        var up = await prometheus.QueryUntilAsync("up{job=\"schedext\"}", v => v == 1);

        up.Should().Be(1, "Prometheus must reach /metrics");
        mutated.Should().Be(2);
    }

    internal static async Task SendTrafficAsync(RunningServer server)
    {
        await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Driver()));
        await WebhookClient.ReviewAsync(server.Https, AdmissionReviews.For(Pods.Executor()));
        var args = new JsonObject { ["Pod"] = Pods.Executor(), ["NodeNames"] = new JsonArray("node-a") };
        using var response = await server.Https.PostAsync("/extender/filter", new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
