using Microsoft.Extensions.Hosting;

namespace SchedulerExtender.Local.Ecs;

/// <summary>
/// A host lifetime that ignores process signals: an embedded emulator must not take over Ctrl+C or
/// SIGTERM from the program hosting it (the default console lifetime would block termination until
/// the emulator is disposed). The owner stops it by disposing the server.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
