using System.Text.Json.Nodes;
using SchedulerExtender.Core.Config;

namespace SchedulerExtender.Core.Tests.Config;

/// <summary>
/// Karpenter's Alibaba Cloud ECSNodeClass (karpenter.alibabacloud.com/v1alpha1) → schedext's, and
/// NodePools re-pointed: what maps, what is dropped with a warning, what is refused.
/// </summary>
public sealed class KarpenterMigrationTests
{
    // Written from the provider's ECSNodeClassSpec fields and its examples/default-ecsnodeclass.yaml,
    // as kubectl get -o yaml returns it (server metadata, status).
    private const string KarpenterClass = """
        {
          "apiVersion": "karpenter.alibabacloud.com/v1alpha1", "kind": "ECSNodeClass",
          "metadata": { "name": "default", "uid": "0b0e", "resourceVersion": "4711", "generation": 2,
                        "labels": { "team": "data" },
                        "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{}", "owner": "spark" } },
          "spec": {
            "vSwitchSelectorTerms": [ { "tags": { "karpenter.sh/discovery": "demo" } }, { "id": "vsw-2ze1" } ],
            "securityGroupSelectorTerms": [ { "name": "k8s-nodes" } ],
            "imageSelectorTerms": [ { "id": "aliyun_3_x64_20G_container_optimized_alibase_20250629.vhd" } ],
            "systemDisk": { "category": "cloud_essd", "size": 40, "performanceLevel": "PL1" },
            "tags": { "team": "platform", "environment": "production" },
            "userData": "#!/bin/bash\necho hi\n",
            "kubelet": { "maxPods": 110, "evictionHard": { "memory.available": "5%" }, "clusterDNS": [ "10.96.0.10" ] }
          },
          "status": { "ready": true }
        }
        """;

    private const string KarpenterPool = """
        {
          "apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": { "name": "default", "resourceVersion": "12" },
          "spec": {
            "disruption": { "consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "1m" },
            "template": { "spec": {
              "expireAfter": "720h",
              "nodeClassRef": { "group": "karpenter.alibabacloud.com", "kind": "ECSNodeClass", "name": "default" },
              "requirements": [ { "key": "karpenter.sh/capacity-type", "operator": "In", "values": [ "spot" ] } ]
            } }
          },
          "status": { "resources": { "cpu": "4" } }
        }
        """;

    [Fact]
    public void A_realistic_class_converts_field_by_field_and_passes_schedexts_reader()
    {
        var result = KarpenterEcsNodeClassConverter.Convert(Obj(KarpenterClass));

        result.Errors.Should().BeEmpty();
        result.Warnings.Select(w => w.Path).Should().Equal("metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]");
        var doc = result.Document!;
        doc["apiVersion"]!.GetValue<string>().Should().Be("karpenter.k8s.alibabacloud/v1alpha1");
        doc["metadata"]!.ToJsonString().Should().Be("""{"name":"default","labels":{"team":"data"},"annotations":{"owner":"spark"}}""");
        doc["status"].Should().BeNull();
        var read = EcsNodeClassReader.Read(doc);
        read.Errors.Should().BeEmpty();
        var c = read.Value!;
        c.Name.Should().Be("default");
        c.VSwitchSelectorTerms.Select(t => (t.Tags.Count, t.Id)).Should().Equal((1, null), (0, "vsw-2ze1"));
        c.SecurityGroupSelectorTerms.Should().ContainSingle().Which.Name.Should().Be("k8s-nodes");
        c.ImageSelectorTerms.Should().Equal(new ImageSelectorTerm(null, "aliyun_3_x64_20G_container_optimized_alibase_20250629.vhd"));
        c.SystemDisk.Should().BeEquivalentTo(new SystemDisk(["cloud_essd"], "PL1", 40));
        c.Tags.Should().ContainKey("environment").WhoseValue.Should().Be("production");
        c.UserData.Should().Be("#!/bin/bash\necho hi\n");
        c.Kubelet!.MaxPods.Should().Be(110);
        c.Kubelet.ClusterDns.Should().Equal("10.96.0.10");
    }

    public static TheoryData<string, string, string> DroppedFields() => new()
    {
        { "spec.clusterID", "\"c1\"", "Provisioner.ClusterId" },
        { "spec.clusterName", "\"demo\"", "cluster from its configuration" },
        { "spec.clusterEndpoint", "\"https://10.0.0.1:6443\"", "finds the API server" },
        { "spec.role", "\"KarpenterNodeRole\"", "without an instance RAM role" },
        { "spec.dataDisks", """[{"category":"cloud_essd","size":120}]""", "no data disks" },
        { "spec.instanceStorePolicy", "\"RAID0\"", "local instance storage" },
        { "spec.spotStrategy", "\"SpotWithPriceLimit\"", "SpotAsPriceGo" },
        { "spec.spotPriceLimit", "0.5", "without a price limit" },
        { "spec.capacityReservationSelectorTerms", """[{"id":"crp-1"}]""", "capacity reservations" },
        { "spec.capacityReservationPreference", "\"open\"", "capacity reservations" },
        { "spec.metadataOptions", """{"httpTokens":"required"}""", "metadata options" },
        { "spec.launchTemplateVersion", "3", "launch templates" },
        { "spec.somethingNew", "1", "not a field" },
        { "spec.systemDisk.encrypted", "true", "does not encrypt" },
        { "spec.systemDisk.kmsKeyID", "\"key-1\"", "does not encrypt" },
        { "spec.kubelet.shutdownGracePeriod", "\"30s\"", "not a kubelet field" },
        { "spec.vSwitchSelectorTerms[0].zoneID", "\"cn-hongkong-b\"", "topology.kubernetes.io/zone" },
    };

    [Theory]
    [MemberData(nameof(DroppedFields))]
    public void A_field_without_counterpart_is_dropped_with_a_warning_naming_it(string path, string json, string why)
    {
        var source = Obj(KarpenterClass);
        Set(source, path, JsonNode.Parse(json));

        var result = KarpenterEcsNodeClassConverter.Convert(source);

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().ContainSingle(w => w.Path == path).Which.Message.Should().StartWith("dropped:").And.Contain(why);
        result.Document!.ToJsonString().Should().NotContain(path.Split('.')[^1]);
        EcsNodeClassReader.Read(result.Document).Errors.Should().BeEmpty();
    }

    public static TheoryData<string, string, string> RefusedFields() => new()
    {
        { "spec.launchTemplateID", "\"lt-123\"", "spec.launchTemplateID" },
        { "spec.imageSelectorTerms", """[{"name":"aliyun_3_*"}]""", "spec.imageSelectorTerms[0]" },
        { "spec.imageSelectorTerms", """[{"tags":{"os":"alinux"}}]""", "spec.imageSelectorTerms[0]" },
        { "spec.imageSelectorTerms", """[{"imageFamily":"acs:ubuntu_22_04_x64"}]""", "spec.imageSelectorTerms[0]" },
        { "spec.imageSelectorTerms", """[{"imageFamily":"acs:lifsea_os_3_x64","imageOwnerAlias":"self"}]""", "spec.imageSelectorTerms[0].imageOwnerAlias" },
        { "spec.imageSelectorTerms", """[{"imageFamily":"acs:lifsea_os_3_x64"},{"imageFamily":"acs:alibaba_cloud_linux_3_2104_lts_x64"}]""", "spec.imageSelectorTerms" },
        { "spec.imageSelectorTerms", """[{"imageFamily":"acs:lifsea_os_3_x64"},{"id":"m-1"}]""", "spec.imageSelectorTerms" },
        { "spec.vSwitchSelectorTerms", """[{"zoneID":"cn-hongkong-b"}]""", "spec.vSwitchSelectorTerms[0].zoneID" },
        { "spec.securityGroupSelectorTerms", """[{"name":"k8s","tags":{"a":"b"}}]""", "spec.securityGroupSelectorTerms[0]" },
    };

    [Theory]
    [MemberData(nameof(RefusedFields))]
    public void A_selection_schedext_cannot_express_refuses_the_object(string path, string json, string errorPath)
    {
        var source = Obj(KarpenterClass);
        Set(source, path, JsonNode.Parse(json));

        var result = KarpenterEcsNodeClassConverter.Convert(source);

        result.Document.Should().BeNull();
        result.IsRefused.Should().BeTrue();
        result.Errors.Should().ContainSingle().Which.Path.Should().Be(errorPath);
    }

    [Theory]
    [InlineData("""[{"imageFamily":"acs:lifsea_os_3_x64","imageOwnerAlias":"system"}]""", "ContainerOS", null)]
    [InlineData("""[{"imageFamily":"acs:alibaba_cloud_linux_3_2104_lts_x64"},{"imageFamily":"acs:alibaba_cloud_linux_3_2104_lts_arm64"}]""", "AlibabaCloudLinux3", null)]
    [InlineData("""[{"imageFamily":"acs:alibaba_cloud_linux_3_2104_lts_arm64"}]""", "AlibabaCloudLinux3", "kubernetes.io/arch In [arm64]")]
    [InlineData("""[{"imageFamily":"acs:alibaba_cloud_linux_3_2104_lts_x64"}]""", "AlibabaCloudLinux3", "kubernetes.io/arch In [amd64]")]
    public void An_image_family_behind_an_alias_becomes_that_alias(string terms, string alias, string? approximation)
    {
        var source = Obj(KarpenterClass);
        Set(source, "spec.imageSelectorTerms", JsonNode.Parse(terms));

        var result = KarpenterEcsNodeClassConverter.Convert(source);

        EcsNodeClassReader.Read(result.Document).Value!.ImageSelectorTerms.Should().Equal(new ImageSelectorTerm(alias, null));
        var imageWarnings = result.Warnings.Where(w => w.Path.StartsWith("spec.imageSelectorTerms", StringComparison.Ordinal)).ToList();
        if (approximation is null)
        {
            imageWarnings.Should().BeEmpty();
        }
        else
        {
            imageWarnings.Should().ContainSingle().Which.Message.Should().StartWith("approximated:").And.Contain(approximation);
        }
    }

    [Fact]
    public void A_system_disk_without_category_or_size_gets_karpenters_defaults()
    {
        var source = Obj(KarpenterClass);
        Set(source, "spec.systemDisk", new JsonObject { ["performanceLevel"] = "PL2" });

        var disk = EcsNodeClassReader.Read(KarpenterEcsNodeClassConverter.Convert(source).Document).Value!.SystemDisk;

        disk.Should().BeEquivalentTo(new SystemDisk(["cloud_essd"], "PL2", 40));
    }

    [Fact]
    public void A_nodepool_is_repointed_at_schedexts_group_without_what_the_api_server_wrote_and_nothing_else_changes()
    {
        var source = Obj(KarpenterPool);

        var result = KarpenterNodePoolRewriter.Rewrite(source);

        result.Warnings.Should().BeEmpty();
        var expected = Obj(KarpenterPool);
        Set(expected, "spec.template.spec.nodeClassRef.group", "karpenter.k8s.alibabacloud");
        expected.Remove("status");
        expected["metadata"]!.AsObject().Remove("resourceVersion");
        JsonNode.DeepEquals(result.Document, expected).Should().BeTrue();
        JsonNode.DeepEquals(source, Obj(KarpenterPool)).Should().BeTrue("the input is not modified");
        NodePoolReader.Read(result.Document).Value!.NodeClassRef.Should().Be(new NodeClassReference("karpenter.k8s.alibabacloud", "ECSNodeClass", "default"));
    }

    [Theory]
    [InlineData("karpenter.k8s.alibabacloud", "already schedext's group")]
    [InlineData("karpenter.k8s.aws", "\"karpenter.k8s.aws\" is not Karpenter's Alibaba Cloud group")]
    public void A_nodepool_naming_another_group_is_left_as_it_is_with_a_warning(string group, string warning)
    {
        var source = Obj(KarpenterPool);
        Set(source, "spec.template.spec.nodeClassRef.group", group);

        var result = KarpenterNodePoolRewriter.Rewrite(source);

        JsonNode.DeepEquals(result.Document, source).Should().BeTrue();
        result.Warnings.Should().ContainSingle().Which.Should().Be(new ConfigError("spec.template.spec.nodeClassRef.group", result.Warnings[0].Message));
        result.Warnings[0].Message.Should().Contain(warning);
    }

    [Fact]
    public void A_list_is_migrated_item_by_item_and_other_kinds_are_skipped()
    {
        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(Obj(KarpenterClass), Obj(KarpenterPool)) };
        var claim = new JsonObject { ["apiVersion"] = "karpenter.sh/v1", ["kind"] = "NodeClaim", ["metadata"] = new JsonObject { ["name"] = "c1" } };

        var results = KarpenterMigration.Migrate([list, null, claim]);

        results.Select(r => r.Source).Should().Equal(
            "document 1, items[0]: ECSNodeClass default", "document 1, items[1]: NodePool default", "document 3: NodeClaim c1");
        results[0].Result.Document!["apiVersion"]!.GetValue<string>().Should().Be("karpenter.k8s.alibabacloud/v1alpha1");
        results[1].Result.Document!["spec"]!["template"]!["spec"]!["nodeClassRef"]!["group"]!.GetValue<string>().Should().Be("karpenter.k8s.alibabacloud");
        results[2].Result.Document.Should().BeNull();
        results[2].Result.IsRefused.Should().BeFalse();
        results[2].Result.Warnings.Should().ContainSingle().Which.Message.Should().StartWith("skipped, not written");
    }

    [Fact]
    public void A_result_schedexts_reader_would_refuse_is_refused_with_the_readers_error()
    {
        var pool = Obj(KarpenterPool);
        Set(pool, "spec.template.spec.requirements", JsonNode.Parse("""[{"key":"karpenter.sh/capacity-type","operator":"Near","values":["spot"]}]"""));

        var result = KarpenterMigration.Migrate([pool]).Should().ContainSingle().Subject.Result;

        result.Document.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Path.Should().StartWith("spec.template.spec.requirements[0]");
        result.Errors[0].Message.Should().EndWith("(schedext would refuse the result)");
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    // Sets a dotted path such as spec.vSwitchSelectorTerms[0].zoneID, creating objects on the way.
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var (name, index) = parts[i].EndsWith(']') ? (parts[i][..parts[i].IndexOf('[')], (int?)int.Parse(parts[i][(parts[i].IndexOf('[') + 1)..^1])) : (parts[i], null);
            if (i == parts.Length - 1 && index is null)
            {
                node[name] = value;
                return;
            }

            node[name] ??= new JsonObject();
            node = index is { } k ? node[name]![k]! : node[name]!;
        }
    }
}
