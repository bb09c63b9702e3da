using System.Net;
using System.Text;

namespace SchedulerExtender.Alibaba.Tests.Testing;

/// <summary>An HTTP handler that answers from a script and records each request's form parameters.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();

    public List<(HttpMethod Method, Uri Uri, Dictionary<string, string> Form)> Requests { get; } = [];

    public ScriptedHandler Then(HttpStatusCode status, string json)
    {
        _script.Enqueue(() => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        return this;
    }

    public ScriptedHandler ThenError(HttpStatusCode status, string code, string message = "m") =>
        Then(status, $$"""{"RequestId":"R-{{code}}","HostId":"ecs.aliyuncs.com","Code":"{{code}}","Message":"{{message}}"}""");

    public ScriptedHandler ThenNetworkFailure()
    {
        _script.Enqueue(() => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Requests.Add((request.Method, request.RequestUri!, form));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException("The script has no more answers.");
        }

        return _script.Dequeue()();
    }
}
