using System.Text;
using SchedulerExtender.Host.Extender;

namespace SchedulerExtender.Host.Tests.Extender;

public sealed class Utf8NameTableTests
{
    [Fact]
    public void Names_are_found_by_string_or_utf8_replaced_and_removed()
    {
        var table = new Utf8NameTable<Named>();
        table.Set("cn-hangzhou.i-bp1", new Named("cn-hangzhou.i-bp1", 1));
        table.Set("nœud-é", new Named("nœud-é", 1));

        table.Find("cn-hangzhou.i-bp1"u8)!.Version.Should().Be(1);
        table.Find(Encoding.UTF8.GetBytes("nœud-é"))!.Name.Should().Be("nœud-é");
        table.Find("nœud-é")!.Name.Should().Be("nœud-é");
        table.Find("cn-hangzhou.i-bp"u8).Should().BeNull("a prefix is another name");
        table.Find("cn-hangzhou.i-bp12"u8).Should().BeNull();
        table.Find(""u8).Should().BeNull();
        table.Count.Should().Be(2);

        table.Set("cn-hangzhou.i-bp1", new Named("cn-hangzhou.i-bp1", 2));
        table.Find("cn-hangzhou.i-bp1")!.Version.Should().Be(2);
        table.Count.Should().Be(2);

        table.Remove("cn-hangzhou.i-bp1");
        table.Remove("never there");
        table.Find("cn-hangzhou.i-bp1"u8).Should().BeNull();
        table.Count.Should().Be(1);

        table.Set("cn-hangzhou.i-bp1", new Named("cn-hangzhou.i-bp1", 3));
        table.Find("cn-hangzhou.i-bp1")!.Version.Should().Be(3, "a removed name can come back");
        table.Count.Should().Be(2);
    }

    [Fact]
    public void An_empty_name_is_refused()
    {
        var table = new Utf8NameTable<Named>();

        var set = () => table.Set("", new Named("", 1));
        var replace = () => table.ReplaceAll([KeyValuePair.Create("", new Named("", 1))]);

        set.Should().Throw<ArgumentException>();
        replace.Should().Throw<ArgumentException>();
        table.Count.Should().Be(0);
    }

    [Fact]
    public void Growing_through_thousands_of_names_and_churn_keeps_every_live_name_and_forgets_the_removed()
    {
        var table = new Utf8NameTable<Named>();
        var live = new Dictionary<string, Named>();
        var random = new Random(7);
        for (var step = 0; step < 30_000; step++)
        {
            // Spot nodes come and go under new names: mostly adds, many removes, some replacements.
            var name = $"cn-hangzhou.i-bp{random.Next(12_000):x6}";
            if (random.Next(3) == 0)
            {
                table.Remove(name);
                live.Remove(name);
            }
            else
            {
                var value = new Named(name, step);
                table.Set(name, value);
                live[name] = value;
            }
        }

        table.Count.Should().Be(live.Count);
        for (var i = 0; i < 12_000; i++)
        {
            var name = $"cn-hangzhou.i-bp{i:x6}";
            table.Find(Encoding.UTF8.GetBytes(name)).Should().BeSameAs(live.GetValueOrDefault(name), name);
        }
    }

    [Fact]
    public void Finding_all_names_at_once_answers_as_finding_each()
    {
        var table = new Utf8NameTable<Named>();
        for (var i = 0; i < 100; i += 2)
        {
            table.Set($"node-{i}", new Named($"node-{i}", i));
        }

        // 37 names: two whole batches and a part, known and unknown mixed, one not ASCII.
        var asked = Enumerable.Range(0, 36).Select(i => $"node-{i * 3}").Append("nœud").ToArray();
        var (utf8, ends) = Concatenated(asked);
        var found = new Named?[asked.Length];

        table.FindAll(utf8, ends, found);

        found.Should().Equal(asked.Select(name => table.Find(name)));
        found.Count(f => f is not null).Should().Be(17, "the multiples of 6 below 100");
    }

    [Fact]
    public void Replacing_everything_forgets_names_not_given_again()
    {
        var table = new Utf8NameTable<Named>();
        table.Set("old", new Named("old", 1));
        table.Set("kept", new Named("kept", 1));

        table.ReplaceAll([KeyValuePair.Create("kept", new Named("kept", 2)), KeyValuePair.Create("new", new Named("new", 2))]);

        table.Find("old").Should().BeNull();
        table.Find("kept")!.Version.Should().Be(2);
        table.Find("new")!.Version.Should().Be(2);
        table.Count.Should().Be(2);
    }

    [Fact]
    public async Task Readers_racing_the_writer_find_each_name_s_own_value_and_never_lose_a_name_that_stays()
    {
        var table = new Utf8NameTable<Named>();
        var stable = Enumerable.Range(0, 200).Select(i => $"stable-{i}").ToArray();
        foreach (var name in stable)
        {
            table.Set(name, new Named(name, 0));
        }

        using var readersStarted = new CountdownEvent(2);
        var writer = Task.Factory.StartNew(
            () =>
            {
                // Replacing the stable names' values while adding and removing others makes the table grow and rebuild under the readers.
                readersStarted.Wait();
                for (var step = 1; step <= 100_000; step++)
                {
                    table.Set(stable[step % stable.Length], new Named(stable[step % stable.Length], step));
                    var churned = $"churn-{step % 5_000}";
                    if (step % 3 == 0)
                    {
                        table.Remove(churned);
                    }
                    else
                    {
                        table.Set(churned, new Named(churned, step));
                    }
                }
            },
            TaskCreationOptions.LongRunning);
        var problems = new List<string>();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var asked = stable.Concat(Enumerable.Range(0, 100).Select(i => $"churn-{i * 50}")).ToArray();
                var (utf8, ends) = Concatenated(asked);
                var found = new Named?[asked.Length];
                readersStarted.Signal();
                do
                {
                    table.FindAll(utf8, ends, found);
                    for (var i = 0; i < asked.Length; i++)
                    {
                        var wrongName = found[i] is { } value && value.Name != asked[i];
                        var lostStable = found[i] is null && i < stable.Length;
                        if (wrongName || lostStable)
                        {
                            lock (problems)
                            {
                                problems.Add($"{asked[i]}: {found[i]?.Name ?? "not found"}");
                            }
                        }
                    }
                }
                while (!writer.IsCompleted);
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll(readers);
        await writer;

        problems.Should().BeEmpty();
        table.Count.Should().Be(stable.Length + (5_000 * 2 / 3), "of the churned names, those last set and not removed stay");
    }

    private static (byte[] Utf8, int[] Ends) Concatenated(IReadOnlyList<string> names)
    {
        var utf8 = new List<byte>();
        var ends = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            utf8.AddRange(Encoding.UTF8.GetBytes(names[i]));
            ends[i] = utf8.Count;
        }

        return ([.. utf8], ends);
    }

    private sealed record Named(string Name, int Version);
}
