using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Host.Tls;

/// <summary>
/// The serving certificate, read from PEM files and swapped in when the files change (cert-manager
/// rotates a mounted Secret by replacing a symlink, so content is compared, not timestamps). A
/// broken new pair is logged and ignored: the last good certificate stays in use.
/// </summary>
public sealed partial class CertificateReloader
{
    private readonly string _certPath;
    private readonly string _keyPath;
    private readonly ILogger<CertificateReloader> _logger;
    private readonly Lock _reloadLock = new();
    private byte[] _fingerprint;
    private volatile LoadedCertificate _current;

    public CertificateReloader(string certPath, string keyPath, ILogger<CertificateReloader> logger)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _logger = logger;
        (_fingerprint, _current) = Load(certPath, keyPath);
        LogLoaded(_logger, _current.Certificate.Subject, _current.Certificate.NotAfter, _current.Certificate.Thumbprint);
    }

    /// <summary>The certificate handshakes use now.</summary>
    public SslStreamCertificateContext Context => _current.Context;

    public X509Certificate2 Certificate => _current.Certificate;

    /// <summary>Reloads if the files changed; returns true when a new certificate is now in use.</summary>
    public bool ReloadIfChanged()
    {
        lock (_reloadLock)
        {
            byte[] fingerprint;
            try
            {
                fingerprint = Fingerprint(_certPath, _keyPath);
            }
            catch (IOException ex)
            {
                LogUnreadable(_logger, ex.Message);
                return false;
            }

            if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
            {
                return false;
            }

            try
            {
                (_, var loaded) = Load(_certPath, _keyPath);
                _current = loaded;
                _fingerprint = fingerprint;
                LogLoaded(_logger, loaded.Certificate.Subject, loaded.Certificate.NotAfter, loaded.Certificate.Thumbprint);
                return true;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
            {
                // Remember the broken pair so it is reported once, not on every poll.
                _fingerprint = fingerprint;
                LogBroken(_logger, ex.GetType().Name, _current.Certificate.Thumbprint);
                return false;
            }
        }
    }

    private static (byte[] Fingerprint, LoadedCertificate Loaded) Load(string certPath, string keyPath)
    {
        var fingerprint = Fingerprint(certPath, keyPath);
        using var fromPem = X509Certificate2.CreateFromPemFile(certPath, keyPath);

        // Re-import through PKCS#12 so the private key is a persisted one that SslStream accepts
        // on every platform, then keep any intermediates from the PEM file as the chain.
        var leaf = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certPath);
        var intermediates = new X509Certificate2Collection(chain.Where(c => c.Thumbprint != leaf.Thumbprint).ToArray());
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return (fingerprint, new LoadedCertificate(leaf, context));
    }

    private static byte[] Fingerprint(string certPath, string keyPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(certPath));
        hash.AppendData(File.ReadAllBytes(keyPath));
        return hash.GetHashAndReset();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving certificate loaded: {Subject}, valid until {NotAfter:O}, thumbprint {Thumbprint}")]
    private static partial void LogLoaded(ILogger logger, string subject, DateTime notAfter, string thumbprint);

    // Only the exception type: a parser's message could quote key material.
    [LoggerMessage(Level = LogLevel.Warning, Message = "New serving certificate or key is invalid ({Error}); still serving the last good certificate {Thumbprint}")]
    private static partial void LogBroken(ILogger logger, string error, string thumbprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving certificate files unreadable ({Reason}); still serving the last good certificate")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    private sealed record LoadedCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context);
}
