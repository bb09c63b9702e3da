using System.Net.Security;
using System.Security.Authentication;

namespace SchedulerExtender.Host.Tls;

/// <summary>
/// TLS 1.2 and 1.3 only; for 1.2, ECDHE key exchange with AEAD ciphers only (no CBC, no RSA key
/// transport, no SHA-1 MACs). The API server and kube-scheduler (Go's crypto/tls) offer these.
/// </summary>
public static class TlsPolicy
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static CipherSuitesPolicy? CipherSuites { get; } = Create();

    private static CipherSuitesPolicy? Create()
    {
        // CipherSuitesPolicy is implemented on Linux and macOS only; elsewhere the OS policy applies.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        return new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]);
    }
}
