using System.Text.Json.Nodes;

namespace SchedulerExtender.Bench.Webhook;

/// <summary>
/// A realistic AdmissionReview for a Spark Operator driver pod (~10 KB): Spark's labels, env,
/// ports, volumes, the operator's annotations and managedFields, as the API server sends it.
/// </summary>
public static class SparkDriverReview
{
    public static JsonObject Create()
    {
        var env = new JsonArray();
        string[] names =
        [
            "SPARK_USER", "SPARK_APPLICATION_ID", "SPARK_DRIVER_BIND_ADDRESS", "SPARK_LOCAL_DIRS", "SPARK_CONF_DIR",
            "HADOOP_CONF_DIR", "JAVA_TOOL_OPTIONS", "SPARK_DRIVER_MEMORY", "SPARK_DRIVER_CORES", "SPARK_EXECUTOR_INSTANCES",
            "AWS_REGION", "ALIBABA_CLOUD_OSS_ENDPOINT", "DATA_LAKE_BUCKET", "LOG_LEVEL", "TZ",
        ];
        foreach (var name in names)
        {
            env.Add(new JsonObject { ["name"] = name, ["value"] = $"value-of-{name.ToLowerInvariant()}-for-spark-pi-7f3c9e1d2b4a" });
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = "spark-pi-driver",
                ["namespace"] = "default",
                ["labels"] = new JsonObject
                {
                    ["spark-app-name"] = "spark-pi",
                    ["spark-app-selector"] = "spark-7f3c9e1d2b4a4c5e8f9a0b1c2d3e4f5a",
                    ["spark-role"] = "driver",
                    ["spark-version"] = "3.5.3",
                    ["sparkoperator.k8s.io/app-name"] = "spark-pi",
                    ["sparkoperator.k8s.io/launched-by-spark-operator"] = "true",
                    ["sparkoperator.k8s.io/submission-id"] = "8c1b2f64-6a43-4d5e-9b7a-0f1e2d3c4b5a",
                    ["version"] = "3.5.3",
                },
                ["annotations"] = new JsonObject
                {
                    ["sparkoperator.k8s.io/submission-time"] = "2026-11-24T10:24:14Z",
                    ["kubectl.kubernetes.io/last-applied-configuration"] = new string('x', 5400),
                },
                ["managedFields"] = new JsonArray(new JsonObject
                {
                    ["manager"] = "spark-operator",
                    ["operation"] = "Update",
                    ["apiVersion"] = "v1",
                    ["time"] = "2026-11-24T10:24:14Z",
                    ["fieldsType"] = "FieldsV1",
                    ["fieldsV1"] = JsonNode.Parse("""{"f:metadata":{"f:labels":{".":{},"f:spark-app-name":{},"f:spark-app-selector":{},"f:spark-role":{},"f:spark-version":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"spark-kubernetes-driver\"}":{".":{},"f:args":{},"f:env":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{},"f:resources":{"f:limits":{"f:memory":{}},"f:requests":{"f:cpu":{},"f:memory":{}}},"f:volumeMounts":{}}},"f:restartPolicy":{},"f:serviceAccount":{},"f:serviceAccountName":{},"f:volumes":{}}}"""),
                }),
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "spark-kubernetes-driver",
                    ["image"] = "spark:3.5.3",
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["args"] = new JsonArray("driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class", "org.apache.spark.examples.SparkPi", "local:///opt/spark/examples/jars/spark-examples.jar", "5000"),
                    ["ports"] = new JsonArray(
                        new JsonObject { ["name"] = "driver-rpc-port", ["containerPort"] = 7078, ["protocol"] = "TCP" },
                        new JsonObject { ["name"] = "blockmanager", ["containerPort"] = 7079, ["protocol"] = "TCP" },
                        new JsonObject { ["name"] = "spark-ui", ["containerPort"] = 4040, ["protocol"] = "TCP" }),
                    ["env"] = env,
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject { ["cpu"] = "1", ["memory"] = "896Mi" },
                        ["limits"] = new JsonObject { ["memory"] = "896Mi" },
                    },
                    ["volumeMounts"] = new JsonArray(
                        new JsonObject { ["name"] = "spark-local-dir-1", ["mountPath"] = "/var/data/spark-1c2d3e4f" },
                        new JsonObject { ["name"] = "spark-conf-volume-driver", ["mountPath"] = "/opt/spark/conf" },
                        new JsonObject { ["name"] = "kube-api-access-x7k2p", ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount", ["readOnly"] = true }),
                    ["terminationMessagePath"] = "/dev/termination-log",
                    ["terminationMessagePolicy"] = "File",
                }),
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "spark-local-dir-1", ["emptyDir"] = new JsonObject() },
                    new JsonObject { ["name"] = "spark-conf-volume-driver", ["configMap"] = new JsonObject { ["name"] = "spark-drv-7f3c9e1d2b4a-conf-map", ["defaultMode"] = 420 } }),
                ["restartPolicy"] = "Never",
                ["serviceAccountName"] = "spark-operator-spark",
                ["schedulerName"] = "default-scheduler",
                ["terminationGracePeriodSeconds"] = 30,
                ["dnsPolicy"] = "ClusterFirst",
                ["enableServiceLinks"] = true,
                ["preemptionPolicy"] = "PreemptLowerPriority",
                ["priority"] = 0,
                ["tolerations"] = new JsonArray(
                    new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 },
                    new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 }),
            },
            ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "Burstable" },
        };

        JsonObject Gvk() => new() { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" };
        JsonObject Gvr() => new() { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" };
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = new JsonObject
            {
                ["uid"] = "d2b6f3a1-1c4e-4f59-9a7b-3e8d5c6f7a8b",
                ["kind"] = Gvk(),
                ["resource"] = Gvr(),
                ["requestKind"] = Gvk(),
                ["requestResource"] = Gvr(),
                ["name"] = "spark-pi-driver",
                ["namespace"] = "default",
                ["operation"] = "CREATE",
                ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:spark-operator:spark-operator-controller", ["groups"] = new JsonArray("system:serviceaccounts", "system:authenticated") },
                ["object"] = pod,
                ["oldObject"] = null,
                ["dryRun"] = false,
                ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" },
            },
        };
    }
}
