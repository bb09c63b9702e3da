using System.Text.RegularExpressions;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>
/// The image cannot be built here (no container engine), so the Dockerfile is checked against the
/// repository it builds from: what it copies exists and what it runs is the published executable.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryLayout.Root, "Dockerfile"));

    [Fact]
    public void Every_path_copied_from_the_build_context_exists()
    {
        var sources = Lines
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        sources.Should().Contain("src/SchedulerExtender.Host/SchedulerExtender.Host.csproj");
        sources.Should().OnlyContain(s => Path.Exists(Path.Combine(RepositoryLayout.Root, s)));
    }

    [Fact]
    public void Runtime_stage_runs_the_schedext_executable_as_a_non_root_user()
    {
        var stages = Lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var runtime = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal)).ToList();
        var assemblyName = AssemblyNamePattern().Match(File.ReadAllText(
            Path.Combine(RepositoryLayout.Root, "src", "SchedulerExtender.Host", "SchedulerExtender.Host.csproj"))).Groups[1].Value;

        stages.Should().Be(2);
        Lines.Should().Contain(l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", StringComparison.Ordinal));
        runtime.Should().NotBeEmpty();
        runtime.Should().ContainSingle(l => l.StartsWith("USER ", StringComparison.Ordinal))
            .Which.Should().NotMatchRegex("USER (root|0)$");
        runtime.Should().Contain($"ENTRYPOINT [\"/app/out/{assemblyName}\"]");
    }

    [GeneratedRegex("<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyNamePattern();
}
