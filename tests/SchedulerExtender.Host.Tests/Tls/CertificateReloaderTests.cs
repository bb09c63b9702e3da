using Microsoft.Extensions.Logging.Abstractions;
using SchedulerExtender.Host.Tls;

namespace SchedulerExtender.Host.Tests.Tls;

public sealed class CertificateReloaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("schedext-reload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Loads_the_pair_at_start()
    {
        var reloader = Start();

        reloader.Certificate.Subject.Should().Be("CN=schedext-local");
        reloader.Certificate.HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void Unchanged_files_are_not_reloaded()
    {
        var reloader = Start();

        reloader.ReloadIfChanged().Should().BeFalse();
    }

    [Fact]
    public void A_rotated_pair_is_picked_up()
    {
        var reloader = Start();
        var before = reloader.Certificate.Thumbprint;

        Rotate();

        reloader.ReloadIfChanged().Should().BeTrue();
        reloader.Certificate.Thumbprint.Should().NotBe(before);
    }

    [Theory]
    [InlineData("garbage cert", "tls.crt", "not a certificate")]
    [InlineData("garbage key", "tls.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("empty cert", "tls.crt", "")]
    public void A_broken_pair_keeps_the_last_good_certificate(string what, string file, string content)
    {
        var reloader = Start();
        var good = reloader.Certificate.Thumbprint;

        File.WriteAllText(Path.Combine(_folder, file), content);

        reloader.ReloadIfChanged().Should().BeFalse(what);
        reloader.Certificate.Thumbprint.Should().Be(good);
    }

    [Fact]
    public void A_key_that_does_not_match_the_certificate_is_rejected()
    {
        var reloader = Start();
        var good = reloader.Certificate.Thumbprint;
        var other = Directory.CreateTempSubdirectory("schedext-other-").FullName;
        SelfSignedCertificate.WritePem(other, TimeSpan.FromDays(1));

        File.Copy(Path.Combine(other, "tls.key"), Path.Combine(_folder, "tls.key"), overwrite: true);
        Directory.Delete(other, recursive: true);

        reloader.ReloadIfChanged().Should().BeFalse();
        reloader.Certificate.Thumbprint.Should().Be(good);
    }

    [Fact]
    public void A_fixed_pair_after_a_broken_one_is_picked_up()
    {
        var reloader = Start();
        File.WriteAllText(Path.Combine(_folder, "tls.crt"), "broken");
        reloader.ReloadIfChanged().Should().BeFalse();

        Rotate();

        reloader.ReloadIfChanged().Should().BeTrue();
    }

    [Fact]
    public void A_missing_pair_at_start_fails_with_the_path()
    {
        var act = () => new CertificateReloader(Path.Combine(_folder, "missing.crt"), Path.Combine(_folder, "missing.key"), NullLogger<CertificateReloader>.Instance);

        act.Should().Throw<IOException>().WithMessage("*missing.crt*");
    }

    private CertificateReloader Start()
    {
        Rotate();
        return new CertificateReloader(Path.Combine(_folder, "tls.crt"), Path.Combine(_folder, "tls.key"), NullLogger<CertificateReloader>.Instance);
    }

    private void Rotate() => SelfSignedCertificate.WritePem(_folder, TimeSpan.FromDays(1));
}
