using SchedulerExtender.Host.Demo;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Host.Cli;

/// <summary>
/// <c>schedext serve --local --demo</c> (<c>make run</c>): the demo on a started local cluster,
/// its summary, and an exit code that says how it ended.
/// </summary>
public static class DemoCommand
{
    public const int JobFailedExitCode = 1;

    public const int NodesRemainExitCode = 3;

    public static async Task<int> RunAsync(LocalCluster cluster, TextWriter output, CancellationToken cancellationToken, DemoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new DemoOptions();
        var report = await new DemoRunner(cluster, options, output).RunAsync(cancellationToken).ConfigureAwait(false);
        foreach (var line in report.Lines())
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (report.Application.State != SparkApplicationState.Succeeded)
        {
            await output.WriteLineAsync($"Demo failed: spark-pi is {report.Application.State} after at most {options.JobTimeout.TotalSeconds:F0} s.").ConfigureAwait(false);
            return JobFailedExitCode;
        }

        if (!report.NodesGone)
        {
            await output.WriteLineAsync($"Demo failed: nodes were still there {options.NodesGoneTimeout.TotalSeconds:F0} s after the job (is the disruption controller running?).").ConfigureAwait(false);
            return NodesRemainExitCode;
        }

        await output.WriteLineAsync("Demo complete.").ConfigureAwait(false);
        return 0;
    }
}
