using System.Collections.Immutable;
using Journey.Domain;
using Journey.Grains;
using Journey.Grains.Directory;
using Journey.Grains.Scheduling;
using Journey.Grains.Storage;
using Journey.Tests.Infrastructure;

namespace Journey.Tests.Durability;

/// <summary>
/// The persistence port's contract, run against every adapter (memory here; Redis and Azure through
/// <see cref="CustomerStoreSuite{TFixture}"/>, against the redis-server and Azurite their fixtures
/// start): each test gets a store of its own (its own service id or tables), so the expected values
/// are exactly what the test wrote.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private const string Tenant = "contract";

    private ICustomerStore? _store;

    private ICustomerStore Store => _store ??= NewStore();

    /// <summary>A store of this adapter that shares nothing with any other test.</summary>
    protected abstract ICustomerStore NewStore();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_snapshot_then_appends_read_back_as_written_and_a_stale_fence_is_refused()
    {
        var key = Key("c");
        var never = await Store.ReadAsync(key);
        Assert.Null(never.Snapshot);
        Assert.Empty(never.Tail);

        var first = await Store.AppendAsync(Snapshot(key, null, 1));
        Assert.True(first.Committed);
        var second = Store.Snapshots.Every > 1
            ? await Store.AppendAsync(new CustomerAppend(key, first.Fence, 2, Entry(2), null))
            : await Store.AppendAsync(Snapshot(key, first.Fence, 2));
        Assert.True(second.Committed);

        var read = await Store.ReadAsync(key);
        Assert.Equal(second.Fence, read.Fence);
        if (Store.Snapshots.Every > 1)
        {
            Assert.Equal(1L, read.Snapshot!.Version);
            Assert.Equal(new[] { 2L }, read.Tail.Select(e => e.Version));
        }
        else
        {
            Assert.Equal((2L, 0), (read.Snapshot!.Version, read.Tail.Count));
        }

        Assert.Equal(AppendResult.Fenced, await Store.AppendAsync(Snapshot(key, first.Fence, 3)));
        Assert.Equal(AppendResult.Fenced, await Store.AppendAsync(Snapshot(key, null, 3)));
        Assert.Equal(second.Fence, (await Store.ReadAsync(key)).Fence);
    }

    [Fact]
    public async Task A_case_id_serves_one_customer_and_a_write_that_claims_anothers_commits_nothing()
    {
        var (ann, bob) = (Key("ann"), Key("bob"));
        var (shared, own) = (Sample.NewId("case"), Sample.NewId("case"));
        Assert.True((await Store.AppendAsync(Snapshot(ann, null, 1) with { Claims = [shared] })).Committed);
        Assert.Equal(Id(ann), await Store.OwnerOfAsync(Tenant, shared));

        // Bob claims his own case and Ann's: neither is his, and nothing of the write is stored.
        var refused = await Store.AppendAsync(Snapshot(bob, null, 1) with { Claims = [own, shared], List = true, Reschedule = true, WakeMinute = 50 });
        Assert.False(refused.Committed);
        Assert.Equal(new[] { shared }, refused.LostClaims);
        Assert.Null(await Store.OwnerOfAsync(Tenant, own));
        Assert.Null((await Store.ReadAsync(bob)).Snapshot);
        Assert.Empty(await Store.PageAsync(Tenant, CustomerDirectory.ShardOf(Id(bob)), null, 10));
        Assert.Empty(await Store.DueAsync(WakeSchedule.ShardOf(bob), 1_000, 10));

        // Claiming again what it holds is no conflict; releasing is the owner's alone.
        Assert.True((await Store.AppendAsync(Snapshot(ann, (await Store.ReadAsync(ann)).Fence, 2) with { Claims = [shared] })).Committed);
        await Store.ReleaseAsync(Tenant, shared, Id(bob));
        Assert.Equal(Id(ann), await Store.OwnerOfAsync(Tenant, shared));
        await Store.ReleaseAsync(Tenant, shared, Id(ann));
        Assert.Null(await Store.OwnerOfAsync(Tenant, shared));
        Assert.True((await Store.AppendAsync(Snapshot(bob, null, 1) with { Claims = [shared, own] })).Committed);
        Assert.Equal(new[] { Id(bob), Id(bob) }, new[] { await Store.OwnerOfAsync(Tenant, shared), await Store.OwnerOfAsync(Tenant, own) });
    }

    [Fact]
    public async Task The_directory_pages_in_id_order_lists_once_and_delists()
    {
        // Four customers of one shard, listed by their writes (one of them twice), out of order.
        var shard = CustomerDirectory.ShardOf(Id(Key("x")));
        var ids = IdsInShard(shard, 4);
        foreach (var id in ids.Reverse())
        {
            Assert.True((await Store.AppendAsync(Snapshot(GrainKeys.Of(Tenant, id), null, 1) with { List = true })).Committed);
        }

        await Store.ListAsync(Tenant, ids[2]);
        var sorted = ids.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(4, await Store.CountAsync(Tenant, shard));
        Assert.Equal(sorted[..3], await Store.PageAsync(Tenant, shard, null, 3));
        Assert.Equal(sorted[3..], await Store.PageAsync(Tenant, shard, sorted[2], 3));
        Assert.Empty(await Store.PageAsync(Tenant, shard, sorted[3], 3));
        Assert.Empty(await Store.PageAsync("another-tenant", shard, null, 3));

        // A stale write lists nothing.
        var late = IdsInShard(shard, 5)[4];
        var lateKey = GrainKeys.Of(Tenant, late);
        Assert.True((await Store.AppendAsync(Snapshot(lateKey, null, 1))).Committed);
        Assert.False((await Store.AppendAsync(Snapshot(lateKey, null, 2) with { List = true })).Committed);
        Assert.Equal(4, await Store.CountAsync(Tenant, shard));
        Assert.Empty(await Store.UnsettledAsync(long.MaxValue, 10));

        await Store.DelistAsync(Tenant, sorted[1]);
        await Store.DelistAsync(Tenant, sorted[1]);
        Assert.Equal(new[] { sorted[0], sorted[2], sorted[3] }, await Store.PageAsync(Tenant, shard, null, 10));
        Assert.Equal(3, await Store.CountAsync(Tenant, shard));
    }

    [Fact]
    public async Task The_schedule_answers_who_is_due_earliest_first_and_moves_with_each_write()
    {
        // Minutes far in the past: every key here is this test's own.
        var shard = WakeSchedule.ShardOf(Key("x"));
        var keys = KeysInShard(shard, 4);
        var minutes = new long[] { 300, 100, 200, 100 };
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True((await Store.AppendAsync(Snapshot(keys[i], null, 1) with { Reschedule = true, WakeMinute = minutes[i] })).Committed);
        }

        var byMinute = new[] { (keys[1], 100L), (keys[3], 100L) }.OrderBy(d => d.Item1, StringComparer.Ordinal).Append((keys[2], 200L)).Append((keys[0], 300L)).ToArray();
        Assert.Equal(100, await Store.NextDueAsync(shard));
        Assert.Equal(byMinute[..3], await Store.DueAsync(shard, 250, 10));
        Assert.Equal(byMinute[..2], await Store.DueAsync(shard, 250, 2));
        Assert.Equal(byMinute, await Store.DueAsync(shard, 300, 10));

        // Moved outside a write, moved by a write, taken out by a write, taken out directly.
        await Store.RescheduleAsync(keys[1], 400);
        Assert.True((await Store.AppendAsync(Snapshot(keys[2], (await Store.ReadAsync(keys[2])).Fence, 2) with { Reschedule = true, WakeMinute = 50 })).Committed);
        Assert.True((await Store.AppendAsync(Snapshot(keys[3], (await Store.ReadAsync(keys[3])).Fence, 2) with { Reschedule = true, WakeMinute = null })).Committed);
        Assert.Equal(new[] { (keys[2], 50L), (keys[0], 300L), (keys[1], 400L) }, await Store.DueAsync(shard, 1_000, 10));
        await Store.RescheduleAsync(keys[0], null);
        await Store.RescheduleAsync(keys[0], null);
        Assert.Equal(50, await Store.NextDueAsync(shard));
        Assert.Equal(new[] { (keys[2], 50L), (keys[1], 400L) }, await Store.DueAsync(shard, 1_000, 10));

        // A write that does not reschedule leaves the customer where it is.
        Assert.True((await Store.AppendAsync(Snapshot(keys[2], (await Store.ReadAsync(keys[2])).Fence, 3))).Committed);
        Assert.Equal(new[] { (keys[2], 50L) }, await Store.DueAsync(shard, 100, 10));
    }

    [Fact]
    public async Task An_effect_marker_stays_until_settled_at_or_after_its_moment_and_only_marked_writes_leave_one()
    {
        var (marked, plain) = (Key("m"), Key("p"));
        Assert.True((await Store.AppendAsync(Snapshot(marked, null, 1) with { EffectsMarkedAt = 1_000 })).Committed);
        Assert.True((await Store.AppendAsync(Snapshot(plain, null, 1) with { List = true, Reschedule = true, WakeMinute = 60 })).Committed);

        // The write that only listed and rescheduled has no marker once answered, whatever moment a store gave it.
        Assert.Equal(new[] { (marked, 1_000L) }, await Store.UnsettledAsync(long.MaxValue, 10));
        Assert.Empty(await Store.UnsettledAsync(1_000, 10));

        await Store.SettleAsync([(marked, 999)]);
        Assert.Equal(new[] { (marked, 1_000L) }, await Store.UnsettledAsync(5_000, 10));

        // Marked again later: settling the earlier moment keeps the later one.
        Assert.True((await Store.AppendAsync(Snapshot(marked, (await Store.ReadAsync(marked)).Fence, 2) with { EffectsMarkedAt = 3_000 })).Committed);
        await Store.SettleAsync([(marked, 1_000)]);
        Assert.Equal(new[] { (marked, 3_000L) }, await Store.UnsettledAsync(5_000, 10));
        await Store.SettleAsync([(marked, 3_000)]);
        Assert.Empty(await Store.UnsettledAsync(5_000, 10));
    }

    private static string Key(string prefix) => GrainKeys.Of(Tenant, Sample.NewId(prefix));

    private static string Id(string key) => GrainKeys.Parse(key).Id;

    private static string[] IdsInShard(int shard, int count) =>
        [.. Enumerable.Range(0, 100_000).Select(i => $"d{i:D5}-{Guid.NewGuid():N}"[..14]).Where(id => CustomerDirectory.ShardOf(id) == shard).Take(count)];

    private static string[] KeysInShard(int shard, int count) =>
        [.. Enumerable.Range(0, 100_000).Select(_ => Key("w")).Where(key => WakeSchedule.ShardOf(key) == shard).Take(count)];

    private static CustomerAppend Snapshot(string key, string? fence, long version)
    {
        var (tenant, id) = GrainKeys.Parse(key);
        return new CustomerAppend(key, fence, version, null, CustomerJourney.Empty(tenant, id) with { Version = version });
    }

    private static CustomerLogEntry Entry(long version) => new()
    {
        Kind = StepKind.Wake,
        Now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        Version = version,
    };
}

public sealed class MemoryStoreContractTests : StoreContract
{
    protected override ICustomerStore NewStore() =>
        new Journey.Storage.MemoryCustomerStore(new Orleans.Configuration.ClusterOptions { ServiceId = Guid.NewGuid().ToString("N"), ClusterId = "contract" });
}
