using SchedulerExtender.Host.Tests.Cli;

namespace SchedulerExtender.Host.Tests.Monitoring;

/// <summary>promtool, which tests need rather than skip: CI installs it, so its absence is a failure that says so.</summary>
internal static class Promtool
{
    public static void Require()
    {
        if (!Tool.Exists("promtool"))
        {
            Assert.Fail("promtool is not on PATH: install the Debian package prometheus (.ci/run does)");
        }
    }

    /// <summary><c>promtool check metrics</c> over an export: names, units and help text as Prometheus wants them.</summary>
    public static async Task FindsNothingAsync(string metrics)
    {
        Require();
        using var promtool = Tool.Start("promtool", "check", "metrics");
        await promtool.StandardInput.WriteAsync(metrics);
        promtool.StandardInput.Close();
        var report = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        promtool.ExitCode.Should().Be(0, report);
        report.Trim().Should().BeEmpty();
    }
}
