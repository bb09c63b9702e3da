using System.Text.Json.Nodes;

namespace SchedulerExtender.Core.Tests.Placement;

/// <summary>
/// Seeded random pod specs covering every shape the affinity merge meets: absent, null, empty and
/// malformed members, user expressions on the capacity-type label, matchFields-only terms.
/// </summary>
internal sealed class RandomPodShapes(int seed)
{
    private static readonly string[] Keys = ["karpenter.sh/capacity-type", "topology.kubernetes.io/zone", "kubernetes.io/arch"];
    private static readonly string[] Operators = ["In", "NotIn", "Exists"];
    private static readonly string[] Values = ["spot", "on-demand", "amd64", "cn-shenzhen-f"];
    private readonly Random _random = new(seed);

    public JsonObject Spec()
    {
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main" }) };
        Maybe(spec, "affinity", Affinity);
        Maybe(spec, "nodeSelector", () => Chance(0.8) ? new JsonObject { [Pick(Keys)] = Pick(Values) } : JsonValue.Create("x"));
        Maybe(spec, "tolerations", () => Chance(0.8) ? new JsonArray(new JsonObject { ["key"] = "k", ["operator"] = "Exists" }) : JsonValue.Create(7));
        Maybe(spec, "schedulerName", () => Chance(0.7) ? JsonValue.Create(Pick(["default-scheduler", "volcano", "schedext-scheduler"])) : JsonValue.Create(3));
        Maybe(spec, "terminationGracePeriodSeconds", () => Chance(0.8) ? JsonValue.Create(_random.Next(0, 600)) : JsonValue.Create("30"));
        return spec;
    }

    public JsonNode? Annotations() => _random.Next(4) switch
    {
        0 => null,
        1 => new JsonObject(),
        2 => new JsonObject { ["schedext.io/mutation"] = "stale", ["other"] = "x" },
        _ => JsonValue.Create("not-an-object"),
    };

    private JsonNode? Affinity()
    {
        if (Chance(0.1))
        {
            return JsonValue.Create("malformed");
        }

        var affinity = new JsonObject();
        Maybe(affinity, "podAntiAffinity", () => new JsonObject());
        Maybe(affinity, "nodeAffinity", () =>
        {
            if (Chance(0.1))
            {
                return new JsonArray();
            }

            var nodeAffinity = new JsonObject();
            Maybe(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution", () =>
                Chance(0.9) ? new JsonObject { ["nodeSelectorTerms"] = Chance(0.9) ? Terms() : JsonValue.Create(1) } : JsonValue.Create(true));
            Maybe(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution", Preferred);
            return nodeAffinity;
        });
        return affinity;
    }

    private JsonArray Terms()
    {
        var terms = new JsonArray();
        for (var i = _random.Next(0, 4); i > 0; i--)
        {
            var term = new JsonObject();
            Maybe(term, "matchExpressions", () => Expressions());
            Maybe(term, "matchFields", () => new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray("n1") }));
            terms.Add(Chance(0.95) ? term : JsonValue.Create("bad-term"));
        }

        return terms;
    }

    private JsonNode Preferred()
    {
        if (Chance(0.1))
        {
            return new JsonObject();
        }

        var preferred = new JsonArray();
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            preferred.Add(Chance(0.9)
                ? new JsonObject { ["weight"] = Pick([1, 50, 100]), ["preference"] = new JsonObject { ["matchExpressions"] = Expressions() } }
                : JsonValue.Create(0));
        }

        return preferred;
    }

    private JsonArray Expressions()
    {
        var expressions = new JsonArray();
        for (var i = _random.Next(0, 3); i > 0; i--)
        {
            var op = Pick(Operators);
            var expression = new JsonObject { ["key"] = Pick(Keys), ["operator"] = op };
            if (op != "Exists")
            {
                expression["values"] = new JsonArray(JsonValue.Create(Pick(Values)));
            }

            expressions.Add(expression);
        }

        return expressions;
    }

    private void Maybe(JsonObject target, string name, Func<JsonNode?> value)
    {
        switch (_random.Next(5))
        {
            case 0:
                return;
            case 1:
                target[name] = null;
                return;
            default:
                target[name] = value();
                return;
        }
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
