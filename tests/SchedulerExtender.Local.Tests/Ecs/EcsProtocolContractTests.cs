using System.Net;
using System.Text.Json;
using SchedulerExtender.Alibaba.Credentials;
using SchedulerExtender.Alibaba.Ecs;
using SchedulerExtender.Alibaba.Signing;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Local.Tests.Ecs;

/// <summary>Authentication, request forms, error bodies and the client's retry rules against injected faults.</summary>
public sealed class EcsProtocolContractTests
{
    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch_and_an_unknown_key_is_InvalidAccessKeyId_neither_retried()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var wrongSecret = () => h.Client(credential: new AlibabaCredential("emulator", "not-the-secret")).DescribeRegionsAsync(default);
        var e1 = (await wrongSecret.Should().ThrowAsync<EcsApiException>()).Which;
        e1.Should().BeEquivalentTo(new { Code = "SignatureDoesNotMatch", Kind = EcsErrorKind.Auth, HttpStatus = 400 });

        var unknownKey = () => h.Client(credential: new AlibabaCredential("nobody", "x")).DescribeRegionsAsync(default);
        (await unknownKey.Should().ThrowAsync<EcsApiException>()).Which.Code.Should().Be("InvalidAccessKeyId.NotFound");
        h.Emulator.CountOf("DescribeRegions").Should().Be(0, "unauthenticated requests never reach an action");
    }

    [Fact]
    public async Task An_added_key_pair_is_accepted()
    {
        await using var h = await EmulatorHarness.StartAsync();
        h.Emulator.AddAccessKey("tenant-2", "tenant-2-secret");
        (await h.Client(credential: new AlibabaCredential("tenant-2", "tenant-2-secret")).DescribeRegionsAsync(default)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_signed_GET_with_query_parameters_is_accepted_like_the_real_endpoint()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Action", "DescribeZones"), new("RegionId", "cn-shenzhen"), new("Format", "JSON"), new("Version", "2014-05-26"),
            new("AccessKeyId", "emulator"), new("SignatureMethod", "HMAC-SHA1"), new("SignatureVersion", "1.0"),
            new("SignatureNonce", "n-1"), new("Timestamp", "2026-03-01T08:00:00Z"),
        };
        parameters.Add(new("Signature", OpenApiSignature.Sign("GET", parameters, "emulator-secret")));
        var query = string.Join('&', parameters.Select(p => OpenApiSignature.PercentEncode(p.Key) + "=" + OpenApiSignature.PercentEncode(p.Value)));
        using var http = new HttpClient();

        using var ok = await http.GetAsync(new Uri(h.Server.BaseAddress, "?" + query));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("Zones").GetProperty("Zone").GetArrayLength().Should().Be(6);

        using var replay = await http.GetAsync(new Uri(h.Server.BaseAddress, "?" + query));
        using var error = JsonDocument.Parse(await replay.Content.ReadAsStringAsync());
        error.RootElement.GetProperty("Code").GetString().Should().Be("SignatureNonceUsed");
        error.RootElement.EnumerateObject().Select(p => p.Name).Should().Contain(["RequestId", "HostId", "Code", "Message"]);
    }

    [Fact]
    public async Task Constant_throttling_is_retried_with_backoff_then_surfaces_as_throttled()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { ThrottleRate = 1 });
        var act = () => h.Client(maxAttempts: 3).DescribeRegionsAsync(default);

        (await act.Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.Throttled);
        h.Emulator.CountOf("DescribeRegions").Should().Be(3);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_a_later_success_is_returned()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { ServerErrorRate = 1 });
        var client = h.Client(maxAttempts: 5);
        var failing = client.DescribeRegionsAsync(default);
        (await FluentActions.Awaiting(() => failing).Should().ThrowAsync<EcsApiException>()).Which.Kind.Should().Be(EcsErrorKind.Transient);
        h.Emulator.CountOf("DescribeRegions").Should().Be(5);

        h.Emulator.Faults = new EcsEmulatorFaults { ServerErrorRate = 0.5 };
        for (var i = 0; i < 10; i++)
        {
            (await client.DescribeRegionsAsync(default)).Should().HaveCount(2);
        }
    }

    [Fact]
    public async Task A_lost_RunInstances_response_is_retried_with_the_same_token_and_launches_once()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { ServerErrorRate = 0.6 }, seed: 5);
        var client = h.Client(maxAttempts: 10);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await client.RunInstanceAsync(EmulatorHarness.Launch($"lost-{i}"), default));
        }

        h.Emulator.CountOf("RunInstances").Should().BeGreaterThan(10, "some responses were lost and retried");
        h.Emulator.ListInstances().Select(i => i.InstanceId).Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Latency_is_served_on_the_emulator_clock()
    {
        await using var h = await EmulatorHarness.StartAsync(new EcsEmulatorFaults { Latency = TimeSpan.FromSeconds(30) });
        var call = h.Client().DescribeRegionsAsync(default);
        while (!call.IsCompleted)
        {
            h.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(call, Task.Delay(10));
        }

        (await call).Should().HaveCount(2);
    }

    [Fact]
    public async Task Bad_parameters_are_errors_not_crashes()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var client = h.Client();
        async Task<string> CodeOf(params KeyValuePair<string, string>[] parameters)
        {
            var act = () => client.InvokeAsync("DescribeInstances", parameters, default);
            return (await act.Should().ThrowAsync<EcsApiException>()).Which.Code;
        }

        (await CodeOf()).Should().Be("MissingParameter");
        (await CodeOf(KeyValuePair.Create("RegionId", "mars-1"))).Should().Be("InvalidRegionId.NotFound");
        (await CodeOf(KeyValuePair.Create("RegionId", "cn-shenzhen"), KeyValuePair.Create("PageSize", "1000"))).Should().Be("InvalidParameter");
        (await CodeOf(KeyValuePair.Create("RegionId", "cn-shenzhen"), KeyValuePair.Create("InstanceIds", "[not json"))).Should().Be("InvalidParameter");
        var unknown = () => client.InvokeAsync("RebootEverything", [new("RegionId", "cn-shenzhen")], default);
        (await unknown.Should().ThrowAsync<EcsApiException>()).Which.Code.Should().Be("InvalidAction.NotFound");
    }
}
