using Microsoft.Extensions.Time.Testing;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Core.Provisioning;

namespace SchedulerExtender.Core.Tests.Provisioning;

public sealed class ListCachingCloudProviderTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingCloud _cloud = new();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(9.9, 1)]
    [InlineData(10, 2)] // as old as allowed: listed again
    [InlineData(60, 2)]
    public async Task The_cloud_is_listed_again_only_once_the_list_is_too_old(double secondsLater, int listings)
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        await cached.ListAsync(default);

        _cloud.Listings.Should().Be(listings);
    }

    [Fact]
    public async Task A_zero_maximum_age_lists_every_time()
    {
        var cached = new ListCachingCloudProvider(_cloud, TimeSpan.Zero, _time);

        await cached.ListAsync(default);
        await cached.ListAsync(default);

        _cloud.Listings.Should().Be(2);
    }

    [Fact]
    public async Task Changes_by_others_show_once_the_list_is_renewed()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);
        _cloud.Instances.Add(Instance("i-console"));

        (await cached.ListAsync(default)).Should().BeEmpty("the list is 0 s old");
        _time.Advance(MaxAge);
        (await cached.ListAsync(default)).Select(i => i.InstanceId).Should().Equal("i-console");
    }

    [Fact]
    public async Task An_instance_launched_here_is_listed_at_once()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);

        var launched = await cached.CreateAsync(Request("claim-a"), default);

        (await cached.ListAsync(default)).Should().Equal(launched);
        _cloud.Listings.Should().Be(1);
    }

    [Fact]
    public async Task A_second_launch_of_the_same_claim_is_listed_once()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);

        await cached.CreateAsync(Request("claim-a"), default);
        await cached.CreateAsync(Request("claim-a"), default); // the cloud returns the instance it has

        (await cached.ListAsync(default)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_instance_deleted_here_leaves_the_list_at_once()
    {
        _cloud.Instances.AddRange([Instance("i-keep"), Instance("i-gone")]);
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);

        await cached.DeleteAsync("i-gone", default);

        (await cached.ListAsync(default)).Select(i => i.InstanceId).Should().Equal("i-keep");
        _cloud.Deleted.Should().Equal("i-gone");
    }

    [Fact]
    public async Task A_failed_deletion_keeps_the_instance_listed()
    {
        _cloud.Instances.Add(Instance("i-stuck"));
        _cloud.FailDeletes = true;
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        await cached.ListAsync(default);

        var delete = () => cached.DeleteAsync("i-stuck", default);

        await delete.Should().ThrowAsync<InvalidOperationException>();
        (await cached.ListAsync(default)).Should().ContainSingle(i => i.InstanceId == "i-stuck");
    }

    [Fact]
    public async Task A_failed_listing_is_retried_by_the_next_caller()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        _cloud.FailListings = 1;

        var first = () => cached.ListAsync(default);

        await first.Should().ThrowAsync<InvalidOperationException>();
        (await cached.ListAsync(default)).Should().BeEmpty();
        _cloud.Listings.Should().Be(2);
    }

    [Fact]
    public async Task Callers_of_a_stale_list_share_one_listing()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        _cloud.Gate = new TaskCompletionSource();

        var callers = Enumerable.Range(0, 5).Select(_ => cached.ListAsync(default)).ToList();
        _cloud.Gate.SetResult();
        await Task.WhenAll(callers);

        _cloud.Listings.Should().Be(1);
    }

    [Fact]
    public async Task The_list_ages_from_when_the_listing_began()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        _cloud.Gate = new TaskCompletionSource();
        var slow = cached.ListAsync(default);
        _time.Advance(TimeSpan.FromSeconds(6)); // many pages
        _cloud.Gate.SetResult();
        await slow;
        _cloud.Gate = null;

        _time.Advance(TimeSpan.FromSeconds(4));
        await cached.ListAsync(default);

        _cloud.Listings.Should().Be(2, "the first answer described the cloud 10 s ago");
    }

    [Fact]
    public async Task Lookups_launches_and_types_go_to_the_cloud()
    {
        var cached = new ListCachingCloudProvider(_cloud, MaxAge, _time);
        _cloud.Instances.Add(Instance("i-1"));

        (await cached.GetAsync("i-1", default)).InstanceId.Should().Be("i-1");
        await cached.CreateAsync(Request("claim-b"), default);
        await cached.GetInstanceTypesAsync(default);

        _cloud.Calls.Should().Equal("get i-1", "create claim-b", "types");
        _cloud.Listings.Should().Be(0, "nothing asked for the list");
    }

    private static CloudInstance Instance(string id, string? claim = null) =>
        new(id, $"cn-shenzhen.{id}", "ecs.c7.xlarge", "cn-shenzhen-a", CapacityType.Spot, CloudInstanceState.Running,
            claim is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [InstanceTags.NodeClaim] = claim },
            DateTimeOffset.UnixEpoch, ReclaimPending: false);

    private static LaunchRequest Request(string claim) =>
        new(claim, "spark", [], CapacityType.Spot, [], [], [], "image", new SystemDiskSpec("cloud_essd", 20),
            new Dictionary<string, string>(), [], new Dictionary<string, string>());

    /// <summary>A cloud that counts what it is asked, launches idempotently per claim and can fail or hold a listing.</summary>
    private sealed class CountingCloud : ICloudProvider
    {
        public List<CloudInstance> Instances { get; } = [];

        public List<string> Calls { get; } = [];

        public List<string> Deleted { get; } = [];

        public int Listings { get; private set; }

        public int FailListings { get; set; }

        public bool FailDeletes { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public async Task<IReadOnlyList<CloudInstance>> ListAsync(CancellationToken cancellationToken)
        {
            Listings++;
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (FailListings > 0)
            {
                FailListings--;
                throw new InvalidOperationException("throttled");
            }

            return [.. Instances];
        }

        public Task<CloudInstance> CreateAsync(LaunchRequest request, CancellationToken cancellationToken)
        {
            Calls.Add($"create {request.NodeClaim}");
            if (Instances.FirstOrDefault(i => i.NodeClaim == request.NodeClaim) is not { } instance)
            {
                instance = Instance($"i-{request.NodeClaim}", request.NodeClaim);
                Instances.Add(instance);
            }

            return Task.FromResult(instance);
        }

        public Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
        {
            if (FailDeletes)
            {
                throw new InvalidOperationException("cloud error");
            }

            Deleted.Add(instanceId);
            Instances.RemoveAll(i => i.InstanceId == instanceId);
            return Task.CompletedTask;
        }

        public Task<CloudInstance> GetAsync(string instanceId, CancellationToken cancellationToken)
        {
            Calls.Add($"get {instanceId}");
            return Task.FromResult(Instances.Single(i => i.InstanceId == instanceId));
        }

        public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken)
        {
            Calls.Add("types");
            return Task.FromResult<IReadOnlyList<InstanceType>>([]);
        }
    }
}
