using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Tests.Testing;

namespace SchedulerExtender.Alibaba.Tests.Credentials;

public sealed class CredentialChainTests : IDisposable
{
    private readonly string _secretDirectory = Directory.CreateTempSubdirectory("schedext-secret-").FullName;
    private readonly Dictionary<string, string?> _environment = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_secretDirectory, recursive: true);

    private EnvironmentCredentialSource Environment => new(name => _environment.GetValueOrDefault(name));

    [Fact]
    public async Task The_environment_wins_over_the_secret_file_and_the_metadata_service()
    {
        await using var metadata = await FakeMetadataServer.StartAsync(_time);
        WriteSecret("file-id", "file-secret");
        _environment[EnvironmentCredentialSource.AccessKeyIdVariable] = "env-id";
        _environment[EnvironmentCredentialSource.AccessKeySecretVariable] = "env-secret";
        _environment[EnvironmentCredentialSource.SecurityTokenVariable] = "env-token";
        using var http = new HttpClient();
        using var imds = new InstanceMetadataCredentialSource(http, metadata.BaseAddress, time: _time);
        var chain = new CredentialChain([Environment, new SecretFileCredentialSource(_secretDirectory), imds]);

        var credential = await chain.GetAsync(CancellationToken.None);

        credential.AccessKeyId.Should().Be("env-id");
        credential.SecurityToken.Should().Be("env-token");
        metadata.CredentialsIssued.Should().Be(0);
    }

    [Fact]
    public async Task The_secret_file_is_next_and_is_reread_after_rotation()
    {
        WriteSecret("file-id", "file-secret");
        var chain = new CredentialChain([Environment, new SecretFileCredentialSource(_secretDirectory)]);
        (await chain.GetAsync(CancellationToken.None)).AccessKeyId.Should().Be("file-id");

        WriteSecret("rotated-id", "rotated-secret");
        (await chain.GetAsync(CancellationToken.None)).AccessKeySecret.Should().Be("rotated-secret");
    }

    [Fact]
    public async Task The_instance_role_is_last_and_refreshed_before_it_expires()
    {
        await using var metadata = await FakeMetadataServer.StartAsync(_time);
        using var http = new HttpClient();
        using var imds = new InstanceMetadataCredentialSource(http, metadata.BaseAddress, time: _time);
        var chain = new CredentialChain([Environment, new SecretFileCredentialSource(_secretDirectory), imds]);

        var first = await chain.GetAsync(CancellationToken.None);
        first.SecurityToken.Should().Be(FakeMetadataServer.TokenOf(1));
        first.Expiration.Should().Be(_time.GetUtcNow().AddHours(1));

        _time.Advance(TimeSpan.FromMinutes(50));
        (await chain.GetAsync(CancellationToken.None)).SecurityToken.Should().Be(FakeMetadataServer.TokenOf(1), "it is still well before expiry");

        _time.Advance(TimeSpan.FromMinutes(6));
        (await chain.GetAsync(CancellationToken.None)).SecurityToken.Should().Be(FakeMetadataServer.TokenOf(2), "within 5 minutes of expiry it is refreshed");
        metadata.CredentialsIssued.Should().Be(2);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_still_valid_credential_and_fails_clearly_once_expired()
    {
        await using var metadata = await FakeMetadataServer.StartAsync(_time);
        using var http = new HttpClient();
        using var imds = new InstanceMetadataCredentialSource(http, metadata.BaseAddress, time: _time);
        await imds.TryGetAsync(CancellationToken.None);

        metadata.Failing = true;
        _time.Advance(TimeSpan.FromMinutes(58));
        (await imds.TryGetAsync(CancellationToken.None))!.SecurityToken.Should().Be(FakeMetadataServer.TokenOf(1));

        _time.Advance(TimeSpan.FromMinutes(3));
        var act = async () => await imds.TryGetAsync(CancellationToken.None);
        (await act.Should().ThrowAsync<CredentialException>()).Which.Message.Should().Contain("500").And.NotContain("sts-secret");
    }

    [Fact]
    public async Task An_unreachable_metadata_service_is_a_clear_error()
    {
        using var http = new HttpClient();
        using var imds = new InstanceMetadataCredentialSource(http, new Uri("http://127.0.0.1:1"), time: _time);
        var act = async () => await new CredentialChain([Environment, imds]).GetAsync(CancellationToken.None);
        (await act.Should().ThrowAsync<CredentialException>()).Which.Message.Should().Contain("unreachable");
    }

    [Fact]
    public async Task Half_configured_sources_are_errors_not_silently_skipped()
    {
        _environment[EnvironmentCredentialSource.AccessKeyIdVariable] = "only-id";
        var fromEnvironment = async () => await Environment.TryGetAsync(CancellationToken.None);
        await fromEnvironment.Should().ThrowAsync<CredentialException>().WithMessage("*ALIBABA_CLOUD_ACCESS_KEY_SECRET*");

        await File.WriteAllTextAsync(Path.Combine(_secretDirectory, SecretFileCredentialSource.AccessKeyIdFile), "id");
        var fromFile = async () => await new SecretFileCredentialSource(_secretDirectory).TryGetAsync(CancellationToken.None);
        await fromFile.Should().ThrowAsync<CredentialException>().WithMessage("*access-key-secret*");
    }

    [Fact]
    public async Task No_source_configured_names_every_source_tried()
    {
        var act = async () => await new CredentialChain([Environment, new SecretFileCredentialSource(_secretDirectory)]).GetAsync(CancellationToken.None);
        (await act.Should().ThrowAsync<CredentialException>()).Which.Message.Should().Contain("environment > secret file");
    }

    private void WriteSecret(string id, string secret)
    {
        File.WriteAllText(Path.Combine(_secretDirectory, SecretFileCredentialSource.AccessKeyIdFile), id + "\n");
        File.WriteAllText(Path.Combine(_secretDirectory, SecretFileCredentialSource.AccessKeySecretFile), secret + "\n");
    }
}
