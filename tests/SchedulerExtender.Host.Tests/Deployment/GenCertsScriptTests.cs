using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>certs-scripts/gen-certs.sh, run for real with openssl, checked with .NET's X.509 stack.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash, openssl and Unix file modes
public sealed class GenCertsScriptTests : IDisposable
{
    private static readonly string[] OutputFiles = ["ca.crt", "ca.key", "tls.crt", "tls.key"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ProcessResult Generate(string outDir, params string[] extra) =>
        ProcessRunner.Script("gen-certs.sh", ["--out", outDir, .. extra]);

    [Fact]
    public void Serving_certificate_has_the_service_names_and_loopback_as_subject_alternative_names()
    {
        var result = Generate(_temp.Path, "--service", "myext", "--namespace", "team-a");
        result.ExitCode.Should().Be(0, result.ToString());

        using var cert = Certificate(_temp.File("tls.crt"));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateDnsNames().Should().BeEquivalentTo(
            "myext", "myext.team-a", "myext.team-a.svc", "myext.team-a.svc.cluster.local", "localhost");
        san.EnumerateIPAddresses().Should().Equal(IPAddress.Loopback);
        cert.MatchesHostname("myext.team-a.svc").Should().BeTrue();
        cert.MatchesHostname("schedext.schedext-system.svc").Should().BeFalse();
    }

    [Fact]
    public void Serving_certificate_is_a_server_auth_leaf_and_the_ca_is_a_ca()
    {
        Generate(_temp.Path).ExitCode.Should().Be(0);

        using var leaf = Certificate(_temp.File("tls.crt"));
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages
            .Cast<Oid>().Select(o => o.Value).Should().Equal("1.3.6.1.5.5.7.3.1");
        leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages
            .Should().HaveFlag(X509KeyUsageFlags.DigitalSignature).And.NotHaveFlag(X509KeyUsageFlags.KeyCertSign);
        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();

        using var ca = Certificate(_temp.File("ca.crt"));
        ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeTrue();
        ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().HaveFlag(X509KeyUsageFlags.KeyCertSign);
    }

    [Fact]
    public void Serving_certificate_chains_to_its_own_ca_and_not_to_another()
    {
        var other = Path.Combine(_temp.Path, "other");
        Generate(_temp.Path).ExitCode.Should().Be(0);
        Generate(other).ExitCode.Should().Be(0);
        using var leaf = Certificate(_temp.File("tls.crt"));
        using var ca = Certificate(_temp.File("ca.crt"));
        using var otherCa = Certificate(Path.Combine(other, "ca.crt"));

        ChainBuilds(leaf, ca).Should().BeTrue();
        ChainBuilds(leaf, otherCa).Should().BeFalse();
    }

    [Fact]
    public void Private_key_matches_the_certificate_and_keys_are_private_to_the_owner()
    {
        Generate(_temp.Path).ExitCode.Should().Be(0);

        using var withKey = X509Certificate2.CreateFromPemFile(_temp.File("tls.crt"), _temp.File("tls.key"));
        using var signer = withKey.GetECDsaPrivateKey()!;
        using var verifier = withKey.GetECDsaPublicKey()!;
        var data = "schedext"u8.ToArray();
        verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256).Should().BeTrue();
        using var caWithKey = X509Certificate2.CreateFromPemFile(_temp.File("ca.crt"), _temp.File("ca.key"));
        caWithKey.HasPrivateKey.Should().BeTrue();

        File.GetUnixFileMode(_temp.File("tls.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(_temp.File("ca.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Days_sets_the_validity_of_both_certificates()
    {
        Generate(_temp.Path, "--days", "30").ExitCode.Should().Be(0);

        foreach (var file in new[] { "ca.crt", "tls.crt" })
        {
            using var cert = Certificate(_temp.File(file));
            (cert.NotAfter - cert.NotBefore).Should().BeCloseTo(TimeSpan.FromDays(30), TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public void Existing_files_are_kept_without_force_and_replaced_with_it()
    {
        Generate(_temp.Path).ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(_temp.File("tls.crt"));

        var refused = Generate(_temp.Path);
        refused.ExitCode.Should().NotBe(0);
        refused.StandardError.Should().Contain("refusing to overwrite").And.Contain("--force");
        File.ReadAllBytes(_temp.File("tls.crt")).Should().Equal(before);

        Generate(_temp.Path, "--force").ExitCode.Should().Be(0);
        File.ReadAllBytes(_temp.File("tls.crt")).Should().NotEqual(before);
        Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Should().BeEquivalentTo(OutputFiles);
    }

    [Theory]
    [InlineData(new[] { "--days", "0" }, "--days '0'")]
    [InlineData(new[] { "--days", "ten" }, "--days 'ten'")]
    [InlineData(new[] { "--service", "Bad_Name" }, "--service 'Bad_Name'")]
    [InlineData(new[] { "--namespace", "" }, "--namespace ''")]
    [InlineData(new[] { "--days" }, "option --days needs a value")]
    [InlineData(new[] { "--service", "--force" }, "option --service needs a value")]
    [InlineData(new[] { "--colour", "blue" }, "unknown argument '--colour'")]
    public void Bad_arguments_fail_with_a_message_and_write_nothing(string[] arguments, string message)
    {
        var result = Generate(_temp.Path, arguments);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("error:").And.Contain(message);
        Directory.GetFileSystemEntries(_temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void An_output_path_that_cannot_be_a_directory_is_reported()
    {
        File.WriteAllText(_temp.File("a-file"), "not a directory");

        var result = Generate(Path.Combine(_temp.File("a-file"), "certs"));

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("cannot create output directory");
    }

    [Fact]
    public void Missing_openssl_is_reported()
    {
        var result = ProcessRunner.Run(
            "/bin/bash",
            [RepositoryLayout.Script("gen-certs.sh"), "--out", _temp.Path],
            environment: new Dictionary<string, string> { ["PATH"] = _temp.File("empty-path") });

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("openssl not found");
    }

    [Fact]
    public void Help_describes_every_option()
    {
        var result = ProcessRunner.Script("gen-certs.sh", "--help");

        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().ContainAll("--out", "--service", "--namespace", "--days", "--force");
    }

    private static X509Certificate2 Certificate(string pemFile) => X509Certificate2.CreateFromPem(File.ReadAllText(pemFile));

    private static bool ChainBuilds(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        return chain.Build(leaf);
    }
}
