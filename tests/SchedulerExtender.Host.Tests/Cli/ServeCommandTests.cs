using SchedulerExtender.Host.Cli;

namespace SchedulerExtender.Host.Tests.Cli;

/// <summary>Bad command lines and configuration end the program with a message and exit code 2, not a stack trace.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("serve --https-url http://0.0.0.0:9443 --tls-cert a --tls-key b", "is not a https:// URL")]
    [InlineData("serve --http-url http://example.com:8080 --tls-cert a --tls-key b", "host must be an IP address")]
    [InlineData("serve", "--tls-cert and --tls-key are required")]
    [InlineData("serve --tls-cert /nonexistent/tls.crt --tls-key /nonexistent/tls.key --https-url https://127.0.0.1:0 --http-url http://127.0.0.1:0", "/nonexistent/tls.crt")]
    public async Task Bad_settings_exit_2_with_a_message(string commandLine, string expected)
    {
        var (code, error) = await RunAsync(commandLine.Split(' '));

        code.Should().Be(2);
        error.Should().Contain(expected);
    }

    [Fact]
    public async Task Invalid_configuration_file_is_rejected_naming_the_field()
    {
        var folder = Directory.CreateTempSubdirectory("schedext-cli-").FullName;
        Host.Tls.SelfSignedCertificate.WritePem(folder, TimeSpan.FromDays(1));
        var config = Path.Combine(folder, "config.json");
        await File.WriteAllTextAsync(config, """{"Webhook": {"ExecutorPolicy": "sometimes"}}""");

        var (code, error) = await RunAsync(
            "serve", "--https-url", "https://127.0.0.1:0", "--http-url", "http://127.0.0.1:0",
            "--tls-cert", Path.Combine(folder, "tls.crt"), "--tls-key", Path.Combine(folder, "tls.key"), "--config", config);

        code.Should().Be(2);
        error.Should().Contain("Webhook:ExecutorPolicy 'sometimes'");
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await SchedextCommand.Create().Parse(args).InvokeAsync();
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
