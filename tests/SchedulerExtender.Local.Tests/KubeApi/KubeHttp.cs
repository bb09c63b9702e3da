using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>Raw HTTP to the embedded API, so tests see exactly what a client would.</summary>
internal sealed class KubeHttp(EmbeddedKubeApi api) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public KubeStore Store => api.Store;

    public Task<(HttpStatusCode Code, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> PatchAsync(string path, JsonNode body, string contentType) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<(HttpStatusCode Code, JsonObject Body)> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json", text);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Reads a watch stream to its end (the server closes it) and returns its events.</summary>
    public async Task<List<JsonObject>> WatchToEndAsync(string path)
    {
        using var response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<JsonObject>();
        while (await reader.ReadLineAsync() is { } line)
        {
            events.Add(JsonNode.Parse(line)!.AsObject());
        }

        return events;
    }

    /// <summary>Opens a watch stream and returns a reader of its lines (for live events).</summary>
    public async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenWatchAsync(string path)
    {
        var response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public void Dispose() => _http.Dispose();
}
