using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Local.KubeApi;

/// <summary>
/// The embedded API's storage: every object as JSON, keyed by resource, namespace and name, with
/// one monotonically increasing resourceVersion across all of them (as etcd's revision). All
/// methods are thread-safe and return copies; in-process simulators call them directly, the HTTP
/// API is a thin layer over them. Refusals throw <see cref="KubeApiException"/> carrying the Status.
/// </summary>
public sealed partial class KubeStore
{
    private readonly Lock _gate = new();
    private readonly KubeStoreOptions _options;
    private readonly Dictionary<KubeResource, SortedDictionary<string, JsonObject>> _objects;
    private readonly EventWindow _window;
    private readonly List<WatchSubscription> _watchers = [];
    private long _resourceVersion;

    public KubeStore(KubeStoreOptions? options = null)
    {
        _options = options ?? new KubeStoreOptions();
        _window = new EventWindow(_options.EventWindow);
        _objects = KubeResources.All.ToDictionary(r => r, _ => new SortedDictionary<string, JsonObject>(StringComparer.Ordinal));
        foreach (var name in _options.InitialNamespaces)
        {
            Create(KubeResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
    }

    public KubeStoreOptions Options => _options;

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>The object, or throws NotFound.</summary>
    public JsonObject Get(KubeResource resource, string? @namespace, string name) =>
        TryGet(resource, @namespace, name) ?? throw new KubeApiException(KubeStatus.NotFound(resource, name));

    public JsonObject? TryGet(KubeResource resource, string? @namespace, string name)
    {
        var key = Key(resource, @namespace, name);
        lock (_gate)
        {
            return _objects[resource].TryGetValue(key, out var found) ? Clone(found) : null;
        }
    }

    /// <summary>
    /// Objects of a resource (in one namespace, or all when <paramref name="namespace"/> is null),
    /// filtered by the selectors, ordered by namespace and name. With a limit, the continue token
    /// resumes after the last returned key (a later page reflects later writes: pages are not one
    /// snapshot as etcd's are — good enough for chunked kubectl output).
    /// </summary>
    public KubeList List(KubeResource resource, string? @namespace, ListOptions? options = null)
    {
        options ??= ListOptions.Everything;
        var labels = ParseLabels(options.LabelSelector);
        var fields = ParseFields(options.FieldSelector);
        var after = options.Continue is { Length: > 0 } token ? DecodeContinue(token) : null;
        var limit = options.Limit is > 0 ? options.Limit.Value : int.MaxValue;
        var prefix = resource.Namespaced && @namespace is not null ? @namespace + "/" : string.Empty;

        lock (_gate)
        {
            var items = new List<JsonObject>();
            string? lastKey = null;
            var more = false;
            foreach (var (key, obj) in _objects[resource])
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal) || (after is not null && string.CompareOrdinal(key, after) <= 0) ||
                    !fields.Matches(obj) || !labels.Matches(obj.Labels()))
                {
                    continue;
                }

                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                items.Add(Clone(obj));
                lastKey = key;
            }

            return new KubeList(resource, items, _resourceVersion, more ? EncodeContinue(lastKey!) : null);
        }
    }

    internal static string Key(KubeResource resource, string? @namespace, string name)
    {
        if (!resource.Namespaced)
        {
            return "/" + name;
        }

        return string.IsNullOrEmpty(@namespace)
            ? throw new KubeApiException(KubeStatus.BadRequest($"{resource.QualifiedName} are namespaced: a namespace is required"))
            : @namespace + "/" + name;
    }

    internal static LabelSelector ParseLabels(string? text)
    {
        try
        {
            return LabelSelector.Parse(text);
        }
        catch (FormatException e)
        {
            throw new KubeApiException(KubeStatus.BadRequest($"unable to parse labelSelector: {e.Message}"));
        }
    }

    internal static FieldSelector ParseFields(string? text)
    {
        try
        {
            return FieldSelector.Parse(text);
        }
        catch (FormatException e)
        {
            throw new KubeApiException(KubeStatus.BadRequest($"unable to parse fieldSelector: {e.Message}"));
        }
    }

    private static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static string EncodeContinue(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new KubeApiException(KubeStatus.BadRequest("continue key is not valid: illegal base64 data"));
        }
    }
}
