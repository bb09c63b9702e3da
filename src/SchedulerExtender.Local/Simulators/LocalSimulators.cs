using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Local.Ecs;
using SchedulerExtender.Local.Simulators.Kubelet;
using SchedulerExtender.Local.Simulators.Scheduling;
using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Local.Simulators;

/// <summary>
/// The kubelet, scheduler and Spark simulators of local mode, wired together (the Spark simulator
/// reports container exits to the kubelet) and run until cancelled. Each talks to the API server
/// through the given client; the kubelet reads machines from the emulator.
/// </summary>
public sealed class LocalSimulators
{
    public LocalSimulators(IKubernetes client, EcsEmulator emulator, LocalSimulatorsOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= NullLoggerFactory.Instance;
        Kubelet = new KubeletSimulator(client, emulator, options.Kubelet, time, loggers.CreateLogger<KubeletSimulator>());
        Scheduler = new SchedulerSimulator(client, new SchedulerSimulatorOptions { Profiles = options.Profiles, Interval = options.SchedulerInterval },
            time, loggers.CreateLogger<SchedulerSimulator>());
        Spark = new SparkApplicationSimulator(client, Kubelet, options.Spark, time, loggers.CreateLogger<SparkApplicationSimulator>());
    }

    public KubeletSimulator Kubelet { get; }

    public SchedulerSimulator Scheduler { get; }

    public SparkApplicationSimulator Spark { get; }

    /// <summary>Runs the three loops until <paramref name="stopping"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.WhenAll(Kubelet.RunAsync(stopping), Scheduler.RunAsync(stopping), Spark.RunAsync(stopping));
}
