using System.Text.Json.Nodes;
using SchedulerExtender.Local.KubeApi;

namespace SchedulerExtender.Local.Tests.KubeApi;

public sealed class OwnerReferenceTests
{
    [Fact]
    public void Deleting_a_driver_collects_its_executors()
    {
        var store = new KubeStore();
        var driver = store.Create(KubeResources.Pods, "default", KubeObjects.Pod("driver"));
        var other = store.Create(KubeResources.Pods, "default", KubeObjects.Pod("other-driver"));
        store.Create(KubeResources.Pods, "default", Owned(KubeObjects.Pod("exec-1"), driver));
        store.Create(KubeResources.Pods, "default", Owned(KubeObjects.Pod("exec-2"), driver));
        store.Create(KubeResources.Pods, "default", Owned(Owned(KubeObjects.Pod("shared"), driver), other));
        store.Create(KubeResources.Pods, "default", KubeObjects.Pod("unowned"));
        var start = store.ResourceVersion;
        using var watch = store.Watch(KubeResources.Pods, null, new ListOptions(ResourceVersion: start.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        store.Delete(KubeResources.Pods, "default", "driver");

        store.List(KubeResources.Pods, "default").Items.Select(p => p.Name()).Should().BeEquivalentTo("other-driver", "shared", "unowned");
        var deleted = new List<string>();
        while (watch.Events.TryRead(out var e))
        {
            e.Type.Should().Be(WatchEvent.Deleted);
            deleted.Add(e.Object.Name()!);
        }

        deleted.Should().BeEquivalentTo("driver", "exec-1", "exec-2");
        store.Delete(KubeResources.Pods, "default", "other-driver");
        store.TryGet(KubeResources.Pods, "default", "shared").Should().BeNull("its last owner is gone");
    }

    [Fact]
    public void Deleting_a_namespace_with_owned_objects_deletes_each_once()
    {
        var store = new KubeStore();
        store.Create(KubeResources.Namespaces, null, KubeObjects.Namespace("spark"));
        var driver = store.Create(KubeResources.Pods, "spark", KubeObjects.Pod("a-driver", "spark"));
        store.Create(KubeResources.Pods, "spark", Owned(KubeObjects.Pod("b-exec", "spark"), driver));
        using var watch = store.Watch(KubeResources.Pods, null, new ListOptions(ResourceVersion: store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        store.Delete(KubeResources.Namespaces, null, "spark");

        var names = new List<string>();
        while (watch.Events.TryRead(out var e))
        {
            names.Add(e.Object.Name()!);
        }

        names.Should().BeEquivalentTo("a-driver", "b-exec");
    }

    private static JsonObject Owned(JsonObject obj, JsonObject owner)
    {
        var references = obj["metadata"]!["ownerReferences"] as JsonArray ?? new JsonArray();
        references.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = owner.Name(), ["uid"] = owner.Uid() });
        obj["metadata"]!["ownerReferences"] = references;
        return obj;
    }
}
