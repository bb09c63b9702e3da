using SchedulerExtender.Core.Spark;

namespace SchedulerExtender.Core.Tests.Spark;

public sealed class SparkPodClassifierTests
{
    [Theory]
    [InlineData("driver", "spark-abc", SparkRole.Driver)]
    [InlineData("executor", "spark-abc", SparkRole.Executor)]
    [InlineData("driver", null, SparkRole.None)]
    [InlineData("driver", "", SparkRole.None)]
    [InlineData(null, "spark-abc", SparkRole.None)]
    [InlineData("Driver", "spark-abc", SparkRole.None)]
    [InlineData("shuffle", "spark-abc", SparkRole.None)]
    [InlineData(null, null, SparkRole.None)]
    public void Classifies_by_sparks_own_labels(string? role, string? appSelector, SparkRole expected)
    {
        var labels = new Dictionary<string, string?> { ["spark-role"] = role, ["spark-app-selector"] = appSelector };

        SparkPodClassifier.Classify(k => labels.GetValueOrDefault(k)).Should().Be(expected);
    }
}
