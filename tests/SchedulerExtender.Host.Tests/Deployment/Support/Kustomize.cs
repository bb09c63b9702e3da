using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Deployment.Support;

/// <summary>Renders a kustomization with `kubectl kustomize`, the command users run.</summary>
internal static class Kustomize
{
    public static IReadOnlyList<JsonObject> Render(string directory)
    {
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("kubectl", ["kustomize", directory]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "kubectl is not on PATH; the manifest tests need it (Debian: apt-get install kubernetes-client).", e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed: {result}");
        }

        return YamlToJson.Documents(result.StandardOutput);
    }
}
