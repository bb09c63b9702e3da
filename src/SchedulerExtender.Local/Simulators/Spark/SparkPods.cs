using System.Globalization;
using k8s.Models;
using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Local.Simulators.Spark;

/// <summary>
/// The pods spark-submit's Kubernetes backend creates (Spark 3.5): a driver
/// <c>&lt;app&gt;-&lt;hex&gt;-driver</c> and executors <c>&lt;app&gt;-&lt;hex&gt;-exec-&lt;n&gt;</c> owned by the
/// driver pod, labelled spark-app-selector / spark-role / spark-app-name (+ spark-exec-id,
/// spark-exec-resourceprofile-id on executors); restartPolicy Never; memory limit = request.
/// </summary>
public static class SparkPods
{
    public const string AppNameLabel = "spark-app-name";
    public const string ExecutorIdLabel = "spark-exec-id";
    public const string ResourceProfileLabel = "spark-exec-resourceprofile-id";

    public static V1Pod Driver(SparkApplicationSpec spec, string appId, string podPrefix) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = $"{podPrefix}-driver",
            NamespaceProperty = spec.Namespace,
            Labels = new Dictionary<string, string>
            {
                [SparkLabels.AppSelector] = appId,
                [SparkLabels.Role] = SparkLabels.DriverRole,
                [AppNameLabel] = spec.Name,
                ["spark-version"] = "3.5.3",
            },
        },
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            SchedulerName = spec.SchedulerName,
            Containers =
            [
                new V1Container
                {
                    Name = "spark-kubernetes-driver",
                    Image = spec.Image,
                    Args = ["driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class", "org.apache.spark.examples.SparkPi"],
                    Ports = [new V1ContainerPort { Name = "driver-rpc-port", ContainerPort = 7078 }, new V1ContainerPort { Name = "spark-ui", ContainerPort = 4040 }],
                    Resources = Resources(spec.DriverCpu, spec.DriverMemoryMiB),
                },
            ],
        },
    };

    public static V1Pod Executor(SparkApplicationSpec spec, string appId, string podPrefix, V1Pod driver, int executorId) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = $"{podPrefix}-exec-{executorId.ToString(CultureInfo.InvariantCulture)}",
            NamespaceProperty = spec.Namespace,
            Labels = new Dictionary<string, string>
            {
                [SparkLabels.AppSelector] = appId,
                [SparkLabels.Role] = SparkLabels.ExecutorRole,
                [AppNameLabel] = spec.Name,
                [ExecutorIdLabel] = executorId.ToString(CultureInfo.InvariantCulture),
                [ResourceProfileLabel] = "0",
            },
            OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = driver.Metadata.Name, Uid = driver.Metadata.Uid, Controller = true },
            ],
        },
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            SchedulerName = spec.SchedulerName,
            Containers =
            [
                new V1Container
                {
                    Name = "spark-kubernetes-executor",
                    Image = spec.Image,
                    Args = ["executor"],
                    Resources = Resources(spec.ExecutorCpu, spec.ExecutorMemoryMiB),
                },
            ],
        },
    };

    private static V1ResourceRequirements Resources(decimal cpu, long memoryMiB)
    {
        var memory = new ResourceQuantity(string.Create(CultureInfo.InvariantCulture, $"{memoryMiB}Mi"));
        return new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new ResourceQuantity(string.Create(CultureInfo.InvariantCulture, $"{(long)(cpu * 1000)}m")),
                ["memory"] = memory,
            },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = memory },
        };
    }
}
