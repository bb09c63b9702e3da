using System.Net;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Ecs.Models;
using SchedulerExtender.Alibaba.Signing;
using SchedulerExtender.Alibaba.Tests.Testing;

namespace SchedulerExtender.Alibaba.Tests.Ecs;

public sealed class EcsClientTests
{
    private const string Ok = """{"RequestId":"R1","Regions":{"Region":[{"RegionId":"cn-shenzhen","LocalName":"Shenzhen","RegionEndpoint":"ecs.cn-shenzhen.aliyuncs.com"}]}}""";
    private readonly ScriptedHandler _handler = new();

    private EcsClient Client(AlibabaCredential? credential = null) => new(
        new HttpClient(_handler),
        new StaticCredentialSource(credential ?? new AlibabaCredential("id", "secret")),
        new EcsClientOptions
        {
            RegionId = "cn-shenzhen",
            JitterSeed = 1,
            Retry = new EcsRetryPolicy { TransientBaseDelay = TimeSpan.Zero, ThrottledBaseDelay = TimeSpan.Zero },
        });

    [Fact]
    public async Task Sends_a_signed_POST_form_to_the_regional_endpoint()
    {
        _handler.Then(HttpStatusCode.OK, Ok);
        var regions = await Client().DescribeRegionsAsync(CancellationToken.None);

        regions.Should().ContainSingle().Which.RegionId.Should().Be("cn-shenzhen");
        var (method, uri, form) = _handler.Requests.Single();
        method.Should().Be(HttpMethod.Post);
        uri.Should().Be(new Uri("https://ecs.cn-shenzhen.aliyuncs.com/"));
        form.Should().Contain(new Dictionary<string, string>
        {
            ["Action"] = "DescribeRegions", ["Format"] = "JSON", ["Version"] = "2014-05-26", ["AccessKeyId"] = "id",
            ["SignatureMethod"] = "HMAC-SHA1", ["SignatureVersion"] = "1.0",
        });
        form["Timestamp"].Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        form["Signature"].Should().Be(OpenApiSignature.Sign("POST", form, "secret"));
    }

    [Fact]
    public async Task Throttling_is_retried_with_a_fresh_nonce_until_it_succeeds()
    {
        _handler.ThenError(HttpStatusCode.BadRequest, "Throttling.User").ThenError(HttpStatusCode.ServiceUnavailable, "Throttling").Then(HttpStatusCode.OK, Ok);
        await Client().DescribeRegionsAsync(CancellationToken.None);

        _handler.Requests.Should().HaveCount(3);
        _handler.Requests.Select(r => r.Form["SignatureNonce"]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Transient_errors_are_retried_a_bounded_number_of_times()
    {
        for (var i = 0; i < 10; i++)
        {
            _handler.ThenError(HttpStatusCode.InternalServerError, "InternalError");
        }

        var act = () => Client().DescribeRegionsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.Transient);
        _handler.Requests.Should().HaveCount(new EcsRetryPolicy().MaxAttempts);
    }

    [Fact]
    public async Task Network_errors_and_non_JSON_5xx_bodies_are_transient()
    {
        _handler.ThenNetworkFailure().Then(HttpStatusCode.BadGateway, "<html>bad gateway</html>").Then(HttpStatusCode.OK, Ok);
        (await Client().DescribeRegionsAsync(CancellationToken.None)).Should().ContainSingle();
        _handler.Requests.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "SignatureDoesNotMatch", EcsErrorKind.Auth)]
    [InlineData(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound", EcsErrorKind.Auth)]
    [InlineData(HttpStatusCode.BadRequest, "IdempotentParameterMismatch", EcsErrorKind.IdempotencyConflict)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "OperationDenied.NoStock", EcsErrorKind.NoStock)]
    [InlineData(HttpStatusCode.OK, "InvalidParameter", EcsErrorKind.Invalid)]
    public async Task Errors_are_decided_on_the_code_and_not_retried_unless_transient(HttpStatusCode status, string code, EcsErrorKind kind)
    {
        _handler.ThenError(status, code).Then(HttpStatusCode.OK, Ok);
        var act = () => Client().DescribeRegionsAsync(CancellationToken.None);

        var error = (await act.Should().ThrowAsync<EcsApiException>()).Which;
        error.Kind.Should().Be(kind);
        error.Code.Should().Be(code);
        error.RequestId.Should().Be("R-" + code);
        _handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_retried_RunInstances_carries_the_same_ClientToken()
    {
        _handler.ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")
            .Then(HttpStatusCode.OK, """{"RequestId":"R","InstanceIdSets":{"InstanceIdSet":["i-1"]}}""");
        var request = new RunInstancesRequest("cn-shenzhen-c", "ecs.c7.large", "m-1", "vsw-1", "sg-1", "token-1", SpotStrategy.SpotAsPriceGo,
            new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, "cloud_auto", 20, "PL0", SpotDuration: 0);

        (await Client().RunInstanceAsync(request, CancellationToken.None)).Should().Be("i-1");

        _handler.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Form["ClientToken"] == "token-1");
        _handler.Requests[1].Form.Should().Contain(new Dictionary<string, string>
        {
            ["SpotStrategy"] = "SpotAsPriceGo", ["SpotDuration"] = "0", ["Tag.1.Key"] = "a", ["Tag.1.Value"] = "1", ["Tag.2.Key"] = "b",
            ["SystemDisk.Category"] = "cloud_auto", ["SystemDisk.Size"] = "20", ["SystemDisk.PerformanceLevel"] = "PL0", ["Amount"] = "1",
        });
    }

    [Fact]
    public async Task An_STS_token_is_sent_but_never_shown_in_errors()
    {
        var credential = new AlibabaCredential("STS.id", "the-secret", "TOKEN+/=value");
        var echoed = "server string to sign is:POST&%2F&SecurityToken%3D" + OpenApiSignature.PercentEncode(OpenApiSignature.PercentEncode("TOKEN+/=value"));
        _handler.ThenError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch", echoed + " raw TOKEN+/=value secret the-secret");
        var act = () => Client(credential).DescribeRegionsAsync(CancellationToken.None);

        var error = (await act.Should().ThrowAsync<EcsApiException>()).Which;
        _handler.Requests.Single().Form["SecurityToken"].Should().Be("TOKEN+/=value");
        error.ToString().Should().NotContain("TOKEN").And.NotContain("the-secret").And.Contain("***");
        credential.ToString().Should().NotContain("TOKEN").And.NotContain("the-secret").And.Contain("STS.id");
    }

    private sealed class StaticCredentialSource(AlibabaCredential credential) : ICredentialSource
    {
        public string Name => "static";

        public ValueTask<AlibabaCredential?> TryGetAsync(CancellationToken cancellationToken) => ValueTask.FromResult<AlibabaCredential?>(credential);
    }
}
