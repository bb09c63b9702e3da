using System.Net;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.Tests.KubeApi;

internal static class StatusAssertions
{
    /// <summary>Asserts a meta/v1 Status failure body with the given code and reason.</summary>
    public static JsonObject ShouldBeFailure(this (HttpStatusCode Code, JsonObject Body) response, int code, string reason)
    {
        ((int)response.Code).Should().Be(code, response.Body.ToJsonString());
        var body = response.Body;
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["apiVersion"]!.GetValue<string>().Should().Be("v1");
        body["status"]!.GetValue<string>().Should().Be("Failure");
        body["reason"]!.GetValue<string>().Should().Be(reason);
        body["code"]!.GetValue<int>().Should().Be(code);
        body["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        return body;
    }

    public static string Str(this JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var member in path)
        {
            current = current?[member];
        }

        return current?.GetValue<string>() ?? throw new InvalidOperationException($"no string at {string.Join('.', path)} in {node?.ToJsonString()}");
    }
}
