using System.Globalization;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Testing;

/// <summary>
/// Pod JSON as the API server hands it to mutating webhooks: defaulted (schedulerName,
/// terminationGracePeriodSeconds, the DefaultTolerationSeconds tolerations) and with Spark's labels.
/// </summary>
public static class Pods
{
    public static JsonObject Driver(string app = "spark-pi", string ns = "default", double cpu = 1, int memMiB = 896) =>
        Spark(app, ns, "driver", $"{app}-driver", cpu, memMiB, owner: null);

    public static JsonObject Executor(string app = "spark-pi", string ns = "default", double cpu = 1, int memMiB = 896, int index = 1) =>
        Spark(app, ns, "executor", $"{app}-exec-{index}", cpu, memMiB, owner: $"{app}-driver");

    public static JsonObject Plain(string name = "web-0", string ns = "default") => Base(name, ns, new JsonObject { ["app"] = "web" }, 0.5, 256, "nginx:1.27");

    private static JsonObject Spark(string app, string ns, string role, string name, double cpu, int memMiB, string? owner)
    {
        var labels = new JsonObject
        {
            ["spark-app-selector"] = $"spark-{app}-0001",
            ["spark-role"] = role,
            ["spark-app-name"] = app,
            ["spark-version"] = "3.5.3",
        };
        var pod = Base(name, ns, labels, cpu, memMiB, "spark:3.5.3");
        if (owner is not null)
        {
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["name"] = owner,
                ["uid"] = "5d7c3a1e-0000-4000-8000-000000000001",
                ["controller"] = true,
            });
        }

        return pod;
    }

    private static JsonObject Base(string name, string ns, JsonObject labels, double cpu, int memMiB, string image)
    {
        var cpuText = cpu.ToString(CultureInfo.InvariantCulture);
        var memText = $"{memMiB}Mi";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["image"] = image,
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject { ["cpu"] = cpuText, ["memory"] = memText },
                        ["limits"] = new JsonObject { ["memory"] = memText },
                    },
                }),
                ["restartPolicy"] = "Never",
                ["schedulerName"] = "default-scheduler",
                ["terminationGracePeriodSeconds"] = 30,
                ["tolerations"] = new JsonArray(
                    Toleration("node.kubernetes.io/not-ready"),
                    Toleration("node.kubernetes.io/unreachable")),
            },
        };
    }

    private static JsonObject Toleration(string key) => new()
    {
        ["key"] = key,
        ["operator"] = "Exists",
        ["effect"] = "NoExecute",
        ["tolerationSeconds"] = 300,
    };
}
