using System.Net;

namespace SchedulerExtender.Host.Serving;

/// <summary>A listen address given as a URL (<c>https://0.0.0.0:9443</c>); port 0 picks a free port.</summary>
public sealed record ListenUrl(string Scheme, IPEndPoint EndPoint)
{
    public static ListenUrl Parse(string text, string expectedScheme)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != expectedScheme)
        {
            throw new ArgumentException($"'{text}' is not a {expectedScheme}:// URL such as {expectedScheme}://0.0.0.0:{(expectedScheme == "https" ? 9443 : 8080)}");
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ArgumentException($"'{text}' must be a scheme, host and port only, without a path");
        }

        // Uri maps "*" and "+" to no host; both mean every address, as in ASP.NET's own --urls.
        var address = uri.Host switch
        {
            "" or "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "[::]" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) => ip,
            _ => throw new ArgumentException($"'{text}': host must be an IP address, localhost or 0.0.0.0"),
        };
        return new ListenUrl(uri.Scheme, new IPEndPoint(address, uri.Port));
    }
}
