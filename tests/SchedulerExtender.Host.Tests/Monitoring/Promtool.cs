using SchedulerExtender.Host.Tests.Cli;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary><c>promtool check metrics</c> over an export: names, units and help text as Prometheus wants them.</summary>
internal static class Promtool
{
    public static async Task FindsNothingAsync(string metrics)
    {
        if (!Tool.Exists("promtool"))
        {
            Assert.Fail("promtool is not on PATH: install the Debian package prometheus (.ci/run does)");
        }

        using var promtool = Tool.Start("promtool", "check", "metrics");
        await promtool.StandardInput.WriteAsync(metrics);
        promtool.StandardInput.Close();
        var report = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        promtool.ExitCode.Should().Be(0, report);
        report.Trim().Should().BeEmpty();
    }
}
