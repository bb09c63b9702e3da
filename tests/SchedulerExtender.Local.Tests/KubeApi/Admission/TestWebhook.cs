using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Local.Tests.KubeApi.Admission;

/// <summary>A small mutating webhook on loopback HTTPS with its own self-signed certificate; records every AdmissionReview.</summary>
internal sealed class TestWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private TestWebhook(WebApplication app, X509Certificate2 certificate, Uri url)
    {
        _app = app;
        _certificate = certificate;
        Url = url;
        CaBundle = CaBundleOf(certificate);
    }

    public Uri Url { get; }

    /// <summary>The certificate as clientConfig.caBundle: base64 of its PEM.</summary>
    public string CaBundle { get; }

    public ConcurrentQueue<JsonObject> Reviews { get; } = new();

    /// <summary>Starts a webhook whose answer is built by <paramref name="respond"/> from the AdmissionReview request.</summary>
    public static async Task<TestWebhook> StartAsync(Func<JsonObject, Task<JsonObject>> respond)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        TestWebhook? webhook = null;
        app.MapPost("/mutate", async (HttpContext context) =>
        {
            var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            webhook!.Reviews.Enqueue(review);
            var response = await respond(review["request"]!.AsObject());
            var answer = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        webhook = new TestWebhook(app, certificate, new Uri(new Uri(address), "/mutate"));
        return webhook;
    }

    /// <summary>An allowing response carrying a JSON patch, base64-encoded as the API expects.</summary>
    public static JsonObject Patch(JsonObject request, string jsonPatch) => new()
    {
        ["uid"] = request["uid"]!.GetValue<string>(),
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    };

    public static string CaBundleOf(X509Certificate2 certificate) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));

    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=schedext-test-webhook", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
