using System.Text;
using System.Text.Json.Nodes;

namespace SchedulerExtender.Host.Tests.Robustness;

/// <summary>
/// Seeded structural and byte-level mutations of valid JSON documents: members removed, values
/// replaced by other types, containers emptied or deeply nested, text truncated or corrupted.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Mutate(JsonObject valid)
    {
        var tree = valid.DeepClone();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            MutateOnce(tree);
        }

        var bytes = Encoding.UTF8.GetBytes(tree.ToJsonString());
        return _random.Next(10) == 0 ? CorruptBytes(bytes) : bytes;
    }

    private void MutateOnce(JsonNode root)
    {
        var (parent, key, index) = PickSlot(root);
        var replacement = RandomValue();
        switch (parent)
        {
            case JsonObject o when key is not null:
                if (_random.Next(3) == 0)
                {
                    o.Remove(key);
                }
                else
                {
                    o[key] = replacement;
                }

                break;
            case JsonArray a when index is { } i && i < a.Count:
                if (_random.Next(3) == 0)
                {
                    a.RemoveAt(i);
                }
                else
                {
                    a[i] = replacement;
                }

                break;
        }
    }

    // Walks down a random path and returns a slot (container plus key or index) to change.
    private (JsonNode? Parent, string? Key, int? Index) PickSlot(JsonNode root)
    {
        JsonNode current = root;
        (JsonNode? Parent, string? Key, int? Index) slot = (null, null, null);
        for (var depth = 0; depth < 12; depth++)
        {
            switch (current)
            {
                case JsonObject o when o.Count > 0:
                    var key = o.ElementAt(_random.Next(o.Count)).Key;
                    slot = (o, key, null);
                    if (o[key] is not { } next || _random.Next(4) == 0)
                    {
                        return slot;
                    }

                    current = next;
                    break;
                case JsonArray a when a.Count > 0:
                    var index = _random.Next(a.Count);
                    slot = (a, null, index);
                    if (a[index] is not { } item || _random.Next(4) == 0)
                    {
                        return slot;
                    }

                    current = item;
                    break;
                default:
                    return slot;
            }
        }

        return slot;
    }

    private JsonNode? RandomValue() => _random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(_random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(_random.NextDouble() * 1e300),
        4 => JsonValue.Create(""),
        5 => JsonValue.Create(new string('x', _random.Next(1, 5000))),
        6 => JsonValue.Create("spot"),
        7 => new JsonObject(),
        8 => new JsonArray(),
        9 => Nested(_random.Next(1, 60)),
        10 => JsonValue.Create("\u0000\uFFFD\u202E/~0~1"),
        _ => new JsonArray(JsonValue.Create("a"), null, new JsonObject { ["key"] = "karpenter.sh/capacity-type" }),
    };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonObject();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["n"] = node };
        }

        return node;
    }

    private byte[] CorruptBytes(byte[] bytes)
    {
        var copy = bytes.ToArray();
        switch (_random.Next(4))
        {
            case 3:
                // An escaped lone surrogate: valid JSON text that no .NET string can hold.
                var quote = Array.IndexOf(copy, (byte)'"', _random.Next(copy.Length));
                return quote < 0 ? copy : [.. copy[..(quote + 1)], .. "\\ud800"u8, .. copy[(quote + 1)..]];
            case 0:
                return copy[.._random.Next(copy.Length)];
            case 1:
                copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
                return copy;
            default:
                return [.. copy, .. Encoding.UTF8.GetBytes("}]\"garbage")];
        }
    }
}
