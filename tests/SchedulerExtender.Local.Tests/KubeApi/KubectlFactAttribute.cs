using SchedulerExtender.Testing;

namespace SchedulerExtender.Local.Tests.KubeApi;

/// <summary>A fact that runs only where kubectl is installed, and says so clearly when skipped.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (PathOfKubectl() is null)
        {
            Skip = "kubectl is not on PATH: install it (Debian package kubernetes-client) to run this test";
        }
    }

    public static string? PathOfKubectl() => ExecutablePath.Find("kubectl");
}
