using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> DriverLabels = new() { ["spark-role"] = "driver", ["app"] = "pi" };

    [Theory]
    [InlineData("", true)]
    [InlineData("spark-role=driver", true)]
    [InlineData("spark-role==driver", true)]
    [InlineData("spark-role=executor", false)]
    [InlineData("spark-role!=executor", true)]
    [InlineData("missing!=x", true)]
    [InlineData("spark-role in (driver, executor)", true)]
    [InlineData("spark-role in (executor)", false)]
    [InlineData("spark-role notin (executor)", true)]
    [InlineData("spark-role notin (driver,executor)", false)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app=pi,spark-role in (driver,x),!missing", true)]
    [InlineData("app=pi,spark-role=executor", false)]
    public void Label_selectors_match_as_in_Kubernetes(string selector, bool expected) =>
        LabelSelector.Parse(selector).Matches(DriverLabels).Should().Be(expected);

    [Theory]
    [InlineData("a in (b")]
    [InlineData("a in b)")]
    [InlineData("a foo (b)")]
    [InlineData("=b")]
    [InlineData("a b")]
    public void Bad_label_selectors_are_rejected(string selector)
    {
        var act = () => LabelSelector.Parse(selector);
        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Label_selector_objects_read_matchLabels_and_matchExpressions()
    {
        var selector = LabelSelector.FromJson(JsonNode.Parse("""{"matchLabels":{"app":"pi"},"matchExpressions":[{"key":"spark-role","operator":"In","values":["driver"]},{"key":"x","operator":"DoesNotExist"}]}"""));

        selector!.Matches(DriverLabels).Should().BeTrue();
        selector.Matches(new Dictionary<string, string> { ["app"] = "pi", ["spark-role"] = "executor" }).Should().BeFalse();
        LabelSelector.FromJson(null).Should().BeNull();
    }

    [Fact]
    public async Task Lists_filter_by_label_and_field_selectors_over_http()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        api.Store.Create(KubeResources.Namespaces, null, KubeObjects.Namespace("spark"));
        api.Store.Create(KubeResources.Pods, "spark", KubeObjects.Pod("driver", "spark", DriverLabels, nodeName: "n1", phase: "Running"));
        api.Store.Create(KubeResources.Pods, "spark", KubeObjects.Pod("exec-1", "spark", new Dictionary<string, string> { ["spark-role"] = "executor" }, phase: "Pending"));
        api.Store.Create(KubeResources.Pods, "default", KubeObjects.Pod("web", nodeName: "n1", phase: "Succeeded"));

        async Task<string[]> Names(string query)
        {
            var (_, list) = await http.GetAsync($"api/v1/pods?{query}");
            list.Str("kind").Should().Be("PodList");
            list.Str("metadata", "resourceVersion").Should().Be(api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return list["items"]!.AsArray().Select(i => i.Str("metadata", "name")).ToArray();
        }

        (await Names("labelSelector=" + Uri.EscapeDataString("spark-role in (driver,executor)"))).Should().Equal("driver", "exec-1");
        (await Names("labelSelector=" + Uri.EscapeDataString("spark-role!=driver"))).Should().Equal("web", "exec-1");
        (await Names("fieldSelector=" + Uri.EscapeDataString("spec.nodeName="))).Should().Equal("exec-1");
        (await Names("fieldSelector=" + Uri.EscapeDataString("spec.nodeName=n1,status.phase!=Succeeded"))).Should().Equal("driver");
        (await Names("fieldSelector=" + Uri.EscapeDataString("metadata.namespace=default"))).Should().Equal("web");
        (await http.GetAsync("api/v1/namespaces/spark/pods")).Body["items"]!.AsArray().Should().HaveCount(2);
        (await http.GetAsync("api/v1/pods?fieldSelector=spec.schedulerName%3Dx")).ShouldBeFailure(400, "BadRequest");
        (await http.GetAsync("api/v1/pods?labelSelector=" + Uri.EscapeDataString("a in (b"))).ShouldBeFailure(400, "BadRequest");
    }

    [Fact]
    public async Task Limit_and_continue_page_through_a_list()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);
        foreach (var name in new[] { "n1", "n2", "n3", "n4", "n5" })
        {
            api.Store.Create(KubeResources.Nodes, null, KubeObjects.Node(name));
        }

        var seen = new List<string>();
        var query = "api/v1/nodes?limit=2";
        var pages = 0;
        while (true)
        {
            var (_, page) = await http.GetAsync(query);
            pages++;
            seen.AddRange(page["items"]!.AsArray().Select(i => i.Str("metadata", "name")));
            if (page["metadata"]?["continue"] is not { } token)
            {
                break;
            }

            query = "api/v1/nodes?limit=2&continue=" + Uri.EscapeDataString(token.GetValue<string>());
        }

        seen.Should().Equal("n1", "n2", "n3", "n4", "n5");
        pages.Should().Be(3);
    }
}
