using Microsoft.Extensions.Logging;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>No AccessKey secret or STS token in any log line or error, even when the server echoes them.</summary>
public sealed class SecretLoggingTests
{
    private const string Secret = "sts-secret-9f8e7d";
    private const string Token = "CAIS+token/with=specials-5a4b3c";

    [Fact]
    public async Task No_secret_or_token_appears_in_any_log_line_or_exception()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { ThrottleRate = 0.3, ServerErrorRate = 0.3 }, seed: 3);
        h.Emulator.AddAccessKey("STS.key", Secret);
        var environment = new Dictionary<string, string>
        {
            [EnvironmentCredentialSource.AccessKeyIdVariable] = "STS.key",
            [EnvironmentCredentialSource.AccessKeySecretVariable] = Secret,
            [EnvironmentCredentialSource.SecurityTokenVariable] = Token,
        };
        var chain = new CredentialChain([new EnvironmentCredentialSource(environment.GetValueOrDefault)], h.Logs.CreateLogger("chain"));
        var credential = await chain.GetAsync(default);
        var logger = h.Logs.CreateLogger("host");

        var client = h.Client(credential: credential, maxAttempts: 8);
        var id = await client.RunInstanceAsync(EmulatorHarness.Launch("secret-test"), default);
        await client.DescribeAllInstancesAsync(new Alibaba.Ecs.Models.DescribeInstancesQuery(InstanceIds: [id]), default);
        var prices = new Alibaba.Provider.AlibabaPriceSource(client, BuiltInCatalog.Catalog, h.Time, h.Logs.For<Alibaba.Provider.AlibabaPriceSource>());
        await prices.RefreshAsync(default);

        // A wrong secret with the same token: ECS's SignatureDoesNotMatch message echoes the string to sign.
        var wrong = h.Client(credential: new AlibabaCredential("STS.key", "wrong-secret", Token), maxAttempts: 8);
        var error = (await FluentActions.Awaiting(() => wrong.DescribeRegionsAsync(default)).Should().ThrowAsync<EcsApiException>()).Which;
        error.Code.Should().Be("SignatureDoesNotMatch");
        logger.LogError(error, "Call failed with credential {Credential}", credential);

        h.Logs.Lines.Should().Contain(l => l.Contains("Throttling", StringComparison.Ordinal), "the faults produced retry logs to check");
        h.Logs.Lines.Should().Contain(l => l.Contains("STS.key", StringComparison.Ordinal), "the credential source is logged by ID");
        foreach (var line in h.Logs.Lines.Append(error.ToString()).Append(credential.ToString()))
        {
            foreach (var secretForm in new[] { Secret, Token, Uri.EscapeDataString(Token), Alibaba.Signing.OpenApiSignature.PercentEncode(Alibaba.Signing.OpenApiSignature.PercentEncode(Token)) })
            {
                line.Should().NotContain(secretForm);
            }
        }
    }
}
