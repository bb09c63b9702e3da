using System.Net;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovery_documents_list_every_served_resource()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var http = new KubeHttp(api);

        var (_, version) = await http.GetAsync("version");
        var (_, core) = await http.GetAsync("api");
        var (_, groups) = await http.GetAsync("apis");
        var (_, v1) = await http.GetAsync("api/v1");
        var (_, karpenter) = await http.GetAsync("apis/karpenter.sh/v1");
        var (_, alibaba) = await http.GetAsync("apis/karpenter.k8s.alibabacloud/v1alpha1");

        version.Str("major").Should().Be("1");
        core.Str("kind").Should().Be("APIVersions");
        groups["groups"]!.AsArray().Select(g => g.Str("name")).Should().BeEquivalentTo(
            "apps", "storage.k8s.io", "coordination.k8s.io", "policy", "admissionregistration.k8s.io", "karpenter.sh", "karpenter.k8s.alibabacloud");
        var coreNames = v1["resources"]!.AsArray().Select(r => r.Str("name")).ToList();
        coreNames.Should().Contain(["namespaces", "pods", "pods/status", "pods/binding", "pods/eviction", "nodes", "nodes/status", "events", "configmaps", "persistentvolumeclaims", "persistentvolumes"]);
        v1["resources"]!.AsArray().Single(r => r.Str("name") == "pods/eviction").Str("group").Should().Be("policy");
        karpenter["resources"]!.AsArray().Where(r => !r.Str("name").Contains('/', StringComparison.Ordinal))
            .Select(r => (r.Str("name"), r!["namespaced"]!.GetValue<bool>())).Should().BeEquivalentTo([("nodepools", false), ("nodeclaims", false)]);
        alibaba["resources"]![0]!.Str("kind").Should().Be("ECSNodeClass");
    }

    [Fact]
    public async Task Aggregated_discovery_requests_get_plain_json()
    {
        await using var api = await EmbeddedKubeApi.StartAsync();
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"APIGroupList\"");
    }
}
