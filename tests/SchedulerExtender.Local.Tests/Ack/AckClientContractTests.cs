using System.Net;
using System.Text;
using SchedulerExtender.Alibaba.Ack;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ack;

/// <summary>The production ACK client against the ACK emulator over HTTP.</summary>
public sealed class AckClientContractTests
{
    [Fact]
    public async Task Fetches_the_attach_command_for_the_node_pool_and_architecture()
    {
        await using var h = await AckHarness.StartAsync();

        var script = await h.Client().DescribeClusterAttachScriptsAsync(
            new AttachScriptRequest { ClusterId = AckHarness.ClusterId, NodePoolId = AckHarness.NodePoolId, Arch = "arm64" }, default);

        script.Should().StartWith("curl ").And.Contain("/arm64/attach_node.sh").And.Contain("--openapi-token ").And.EndWith($"--nodepool-id {AckHarness.NodePoolId}");
        h.Ack.CountOf("DescribeClusterAttachScripts").Should().Be(1);
        h.Calls.Calls.Should().ContainSingle().Which.Should().Match<Alibaba.OpenApi.CloudApiCall>(c => c.Service == "CS" && c.Action == "DescribeClusterAttachScripts" && c.Succeeded);
    }

    [Fact]
    public async Task Each_fetch_gets_a_fresh_join_token()
    {
        await using var h = await AckHarness.StartAsync();
        var client = h.Client();
        var request = new AttachScriptRequest { ClusterId = AckHarness.ClusterId };

        var first = await client.DescribeClusterAttachScriptsAsync(request, default);
        var second = await client.DescribeClusterAttachScriptsAsync(request, default);

        first.Should().NotBe(second, "every request carries a new nonce and gets a new one-time token");
    }

    [Fact]
    public async Task Throttling_is_retried_and_every_attempt_is_observed()
    {
        await using var h = await AckHarness.StartAsync();
        h.Ack.FailNext(2, 400, "Throttling.User");

        await h.Client().DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = AckHarness.ClusterId }, default);

        h.Ack.CountOf("DescribeClusterAttachScripts").Should().Be(3);
        h.Calls.Calls.Select(c => c.ErrorCode).Should().Equal("Throttling.User", "Throttling.User", null);
    }

    [Theory]
    [InlineData("c-does-not-exist", null, null, "ErrorClusterNotFound", 404)]
    [InlineData(AckHarness.ClusterId, "np-unknown", null, "ErrorNodePoolNotFound", 404)]
    [InlineData(AckHarness.ClusterId, null, "sparc", "ErrorParameterInvalid", 400)]
    public async Task Service_errors_surface_with_their_code_and_are_not_retried(string cluster, string? nodePool, string? arch, string code, int status)
    {
        await using var h = await AckHarness.StartAsync();

        var error = (await FluentActions.Awaiting(() => h.Client().DescribeClusterAttachScriptsAsync(
            new AttachScriptRequest { ClusterId = cluster, NodePoolId = nodePool, Arch = arch }, default)).Should().ThrowAsync<EcsApiException>()).Which;

        error.Code.Should().Be(code);
        error.HttpStatus.Should().Be(status);
        error.Kind.Should().Be(EcsErrorKind.Invalid);
        error.RequestId.Should().NotBeNullOrEmpty();
        h.Ack.CountOf("DescribeClusterAttachScripts").Should().Be(1);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_neither_secret_nor_token_leaks()
    {
        const string secret = "real-secret-123";
        const string token = "CAIS+sts/token=xyz";
        await using var h = await AckHarness.StartAsync();
        h.Ack.AddAccessKey("STS.ack", secret);

        (await h.Client(new AlibabaCredential("STS.ack", secret, token)).DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = AckHarness.ClusterId }, default))
            .Should().Contain("--openapi-token");
        var error = (await FluentActions.Awaiting(() => h.Client(new AlibabaCredential("STS.ack", "wrong-secret", token))
            .DescribeClusterAttachScriptsAsync(new AttachScriptRequest { ClusterId = AckHarness.ClusterId }, default)).Should().ThrowAsync<EcsApiException>()).Which;

        error.Code.Should().Be("SignatureDoesNotMatch");
        error.Kind.Should().Be(EcsErrorKind.Auth);
        error.ServerMessage.Should().Contain("x-acs-security-token:***", "the emulator echoes the string to sign, token included, and the client redacts it");
        foreach (var text in h.Logs.Lines.Append(error.ToString()))
        {
            text.Should().NotContain(secret).And.NotContain(token).And.NotContain("wrong-secret");
        }
    }

    [Fact]
    public async Task A_request_dated_outside_the_allowed_skew_is_refused()
    {
        await using var h = await AckHarness.StartAsync();
        var late = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(h.Time.GetUtcNow().AddMinutes(20));

        var error = (await FluentActions.Awaiting(() => h.Client(time: late).DescribeClusterAttachScriptsAsync(
            new AttachScriptRequest { ClusterId = AckHarness.ClusterId }, default)).Should().ThrowAsync<EcsApiException>()).Which;

        error.Code.Should().Be("InvalidTimeStamp.Expired");
    }

    [Fact]
    public async Task The_emulator_refuses_a_tampered_body_and_a_replayed_nonce()
    {
        await using var h = await AckHarness.StartAsync();
        using var http = new HttpClient();
        var body = Encoding.UTF8.GetBytes("""{"arch":"amd64"}""");

        (await SendAsync(http, h, body, body, "nonce-1")).Should().Be(HttpStatusCode.OK);
        (await SendAsync(http, h, body, body, "nonce-1")).Should().Be(HttpStatusCode.BadRequest, "the nonce was used already");
        (await SendAsync(http, h, body, Encoding.UTF8.GetBytes("""{"arch":"arm64"}"""), "nonce-2")).Should().Be(HttpStatusCode.BadRequest, "Content-MD5 no longer matches");
        h.Ack.CountOf("DescribeClusterAttachScripts").Should().Be(1);
    }

    [Fact]
    public async Task Ecs_is_still_served_beside_ack()
    {
        await using var h = await AckHarness.StartAsync();
        using var http = new HttpClient();
        var ecs = new EcsClient(http, new AckHarness.FixedCredentialSource(AckHarness.DefaultCredential),
            new EcsClientOptions { RegionId = "cn-shenzhen", Endpoint = h.Server.BaseAddress });

        (await ecs.DescribeRegionsAsync(default)).Should().Contain(r => r.RegionId == "cn-shenzhen");
    }

    /// <summary>A hand-signed request, so the test can send a body other than the one signed.</summary>
    private static async Task<HttpStatusCode> SendAsync(HttpClient http, AckHarness h, byte[] signedBody, byte[] sentBody, string nonce)
    {
        var path = $"/clusters/{AckHarness.ClusterId}/attachscript";
        var date = h.Time.GetUtcNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var md5 = RoaSignature.ContentMd5(signedBody);
        List<KeyValuePair<string, string>> acs = [new("x-acs-signature-method", "HMAC-SHA1"), new("x-acs-signature-nonce", nonce), new("x-acs-signature-version", "1.0"), new("x-acs-version", "2015-12-15")];
        var signature = RoaSignature.Sign(RoaSignature.StringToSign("POST", new RoaSignedHeaders("application/json", md5, "application/json", date, acs), path, []), EcsEmulatorOptions.DefaultAccessKeySecret);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(h.Server.BaseAddress, path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("Date", date);
        request.Headers.TryAddWithoutValidation("Authorization", RoaSignature.Authorization(EcsEmulatorOptions.DefaultAccessKeyId, signature));
        foreach (var (name, value) in acs)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = new ByteArrayContent(sentBody);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Content.Headers.TryAddWithoutValidation("Content-MD5", md5);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
