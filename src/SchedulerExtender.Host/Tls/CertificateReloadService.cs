using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SchedulerExtender.Host.Tls;

/// <summary>Polls the certificate files. Polling, not file watches: Secret volumes swap symlinks, which inotify reports unreliably.</summary>
public sealed class CertificateReloadService(CertificateReloader reloader, IOptions<TlsOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            reloader.ReloadIfChanged();
        }
    }
}
