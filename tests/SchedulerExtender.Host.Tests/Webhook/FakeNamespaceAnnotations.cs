using System.Collections.Concurrent;
using SchedulerExtender.Core.Placement;

namespace SchedulerExtender.Host.Tests.Webhook;

internal sealed class FakeNamespaceAnnotations : INamespaceAnnotations
{
    private readonly ConcurrentDictionary<(string Namespace, string Key), string> _values = new();

    public void Set(string @namespace, string key, string value) => _values[(@namespace, key)] = value;

    public string? Get(string @namespace, string key) => _values.GetValueOrDefault((@namespace, key));
}
