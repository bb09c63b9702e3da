using System.Net;
using System.Text;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Sends generated bodies from several concurrent clients and tallies the answers: status counts,
/// and every answer the check finds wrong (a 5xx, or a 200 that is not well-formed).
/// </summary>
internal sealed class FuzzRun(HttpClient client, int workers)
{
    private readonly int[] _statuses = new int[600];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public int Count(HttpStatusCode status) => Volatile.Read(ref _statuses[(int)status]);

    public int ServerErrors => _statuses.Skip(500).Sum();

    /// <param name="body">The request for index i (path and body), from the worker's own mutator.</param>
    /// <param name="checkOk">What is wrong with a 200 answer to that body, or null.</param>
    public Task SendAsync(int from, int to, Func<JsonMutator, int, (string Path, byte[] Body)> body, Func<string, byte[], string, string?> checkOk, int seed) =>
        Parallel.ForAsync(0, workers, async (worker, ct) =>
        {
            var mutator = new JsonMutator(seed: seed * 1000 + worker);
            for (var i = from + worker; i < to; i += workers)
            {
                var (path, bytes) = body(mutator, i);
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync(path, content, ct);
                Interlocked.Increment(ref _statuses[(int)response.StatusCode]);
                var problem = response.StatusCode switch
                {
                    HttpStatusCode.OK => checkOk(path, bytes, await response.Content.ReadAsStringAsync(ct)),
                    HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => null,
                    _ => $"status {(int)response.StatusCode}",
                };
                if (problem is not null)
                {
                    lock (_failures)
                    {
                        _failures.Add($"{path} {problem}: {Encoding.UTF8.GetString(bytes)[..Math.Min(bytes.Length, 300)]}");
                    }
                }
            }
        });
}
