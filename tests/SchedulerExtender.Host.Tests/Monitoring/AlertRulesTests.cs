using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Cli;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>
/// The alert rules of manifests/monitoring pass <c>promtool check rules</c>, fire and stay quiet as
/// their promtool unit tests (alert-rules.test.yaml) expect, and each has a severity, a summary, a
/// description and a runbook section.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string[] Severities = ["critical", "warning", "info"];

    [Fact]
    public async Task Promtool_accepts_the_rules_as_deployed()
    {
        Promtool.Require();
        using var folder = new TempDirectory();
        var rules = AlertRules.WriteRuleFile(folder.Path, withAnnotations: true);

        var (code, output) = await Tool.RunAsync("promtool", "check", "rules", rules);

        code.Should().Be(0, output);
        output.Should().Contain($"SUCCESS: {AlertRules.Alerts().Count} rules found");
    }

    [Fact]
    public async Task Every_alert_fires_and_stays_quiet_as_its_unit_tests_expect()
    {
        Promtool.Require();
        using var folder = new TempDirectory();
        // Without annotations: the cases compare labels only (promtool would otherwise want every annotation's text).
        AlertRules.WriteRuleFile(folder.Path, withAnnotations: false);
        var tests = folder.File("alert-rules.test.yaml");
        File.Copy(AlertRules.UnitTestsPath, tests);

        var (code, output) = await Tool.RunAsync("promtool", "test", "rules", tests);

        code.Should().Be(0, output);
        output.Should().Contain("SUCCESS");
    }

    [Fact]
    public void Every_alert_has_a_case_that_fires_it_and_one_that_does_not()
    {
        var cases = UnitTestCases();

        foreach (var alert in AlertRules.Alerts().Select(AlertRules.Name))
        {
            cases.Should().Contain(c => c.Alert == alert && c.Fires, $"{alert} needs a case where it fires");
            cases.Should().Contain(c => c.Alert == alert && !c.Fires, $"{alert} needs a case where it does not");
        }

        cases.Select(c => c.Alert).Should().BeSubsetOf(AlertRules.Alerts().Select(AlertRules.Name), "every case tests an alert that exists");
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_a_runbook_section()
    {
        var runbook = File.ReadAllLines(AlertRules.RunbookPath);

        foreach (var rule in AlertRules.Alerts())
        {
            var alert = AlertRules.Name(rule);
            var annotations = rule["annotations"] as JsonObject;
            ((string?)rule["labels"]?["severity"]).Should().BeOneOf(Severities, alert);
            ((string?)annotations?["summary"]).Should().NotBeNullOrWhiteSpace(alert);
            ((string?)annotations?["description"]).Should().NotBeNullOrWhiteSpace(alert);
            ((string?)annotations?["runbook_url"]).Should().Be($"manifests/monitoring/README.md#{alert.ToLowerInvariant()}", alert);
            runbook.Should().Contain($"### {alert}", $"the runbook_url of {alert} points at that heading");
        }
    }

    [Fact]
    public void Annotations_print_only_labels_the_alert_has()
    {
        // The labels of a firing alert are those its unit tests expect; a $labels.x it lacks prints "<no value>".
        var firingLabels = UnitTestCases().Where(c => c.Fires)
            .GroupBy(c => c.Alert)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.Labels).ToHashSet());

        foreach (var rule in AlertRules.Alerts())
        {
            var alert = AlertRules.Name(rule);
            var printed = rule["annotations"]!.AsObject().SelectMany(a => PromQl.TemplateLabels((string)a.Value!)).Distinct();
            printed.Should().BeSubsetOf(firingLabels.GetValueOrDefault(alert) ?? [], alert);
        }
    }

    private static List<(string Alert, bool Fires, IReadOnlyCollection<string> Labels)> UnitTestCases() =>
        YamlToJson.Single(File.ReadAllText(AlertRules.UnitTestsPath))["tests"]!.AsArray()
            .SelectMany(t => t!["alert_rule_test"]?.AsArray() ?? [])
            .Select(c =>
            {
                var expected = c!["exp_alerts"]!.AsArray();
                var labels = expected.SelectMany(e => e!["exp_labels"]!.AsObject().Select(l => l.Key)).Distinct().ToList();
                return ((string)c["alertname"]!, expected.Count > 0, (IReadOnlyCollection<string>)labels);
            })
            .ToList();
}
