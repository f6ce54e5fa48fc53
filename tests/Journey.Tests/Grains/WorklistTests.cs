using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Grains;
using Journey.Grains.Worklists;
using Journey.Tests.Infrastructure;
using NodaTime;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

/// <summary>Team worklists on a two-silo cluster: exact against a recount of every customer after a concurrent run, and read without calling a customer.</summary>
[Collection(ClusterCollection.Name)]
public class WorklistTests(ClusterFixture fixture)
{
    [Fact]
    public async Task After_a_concurrent_run_of_a_thousand_customers_the_worklists_equal_a_recount_and_reading_them_calls_no_customer()
    {
        const int customers = 1_000;
        var tenant = NewId("work");
        var random = new Random(7);
        var ids = Enumerable.Range(0, customers).Select(i => $"w{i}").ToArray();
        var plans = ids.Select(id => Touchpoints(id, tenant, random)).ToArray();

        // Every customer at once; each one's touchpoints in order, some in one call and some in several (so the shards see versions out of order across silos).
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var grain = fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id));
            foreach (var batch in plans[i])
            {
                var outcomes = await grain.Ingest(batch);
                Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
            }
        }));

        var now = DateTimeOffset.UtcNow;
        var today = Instant.FromDateTimeOffset(now).InZone(CaseStatus.DefaultZone).Date.ToDateOnly();
        var states = await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id)).Get()));
        var recount = Enum.GetValues<Team>().ToDictionary(team => team, team => states
            .SelectMany(s => WorklistRules.Of(s!))
            .Where(item => WorklistRules.Due(item, now, today) && WorklistRules.TeamsOf(item, today).Contains(team))
            .Select(item => (item.ItemId, WorklistRules.KindAt(item, today)))
            .Order()
            .ToList());
        Assert.True(recount[Team.COLLECTION].Count >= 200 && recount[Team.SERVICE].Count >= 100, $"collection {recount[Team.COLLECTION].Count}, service {recount[Team.SERVICE].Count}");

        // The shards are fed after the acknowledgements: wait (with a deadline) until they hold what the recount says.
        var read = new Dictionary<Team, List<(string, WorklistKind)>>();
        await Until.TrueAsync(async () =>
        {
            foreach (var team in Enum.GetValues<Team>())
            {
                read[team] = [.. (await WorklistQuery.ReadAsync(fixture.Grains, tenant, team, now, today)).Select(e => (e.Item.ItemId, e.Kind)).Order()];
            }

            return Enum.GetValues<Team>().All(team => read[team].SequenceEqual(recount[team]));
        }, TimeSpan.FromSeconds(30), "the worklists never matched the recount");

        // Reading a worklist calls no customer grain: only the tenant's worklist shards.
        CustomerGrainCalls.Reset();
        RequestContext.Set(CustomerGrainCalls.Probe, "worklist");
        try
        {
            var collection = await WorklistQuery.ReadAsync(fixture.Grains, tenant, Team.COLLECTION, now, today);
            Assert.Equal(recount[Team.COLLECTION].Count, collection.Length);
            await fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, ids[0])).Get();
        }
        finally
        {
            RequestContext.Remove(CustomerGrainCalls.Probe);
        }

        // The probe does count a customer call when one is made (the Get above): exactly that one.
        Assert.Equal(1, CustomerGrainCalls.Count);
    }

    [Fact]
    public async Task An_item_taken_is_leased_to_its_agent_until_done_or_the_lease_runs_out()
    {
        var tenant = NewId("lease");
        var id = NewId("c");
        await fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id)).Ingest(
        [
            Touchpoint(id, TouchpointType.INVOICE_ISSUED, "A", 100m, new DateOnly(2026, 3, 2), tenant: tenant),
            Touchpoint(id, TouchpointType.COMPLAINT_OPENED, "A", eventId: $"{id}-cmp", tenant: tenant, attributes: ("reason", "leak")),
        ]);
        var itemId = WorklistRules.ItemId(id, WorklistKind.HOLD_WAITING, $"{id}-cmp");
        var shard = fixture.Grains.GetGrain<IWorklistShardGrain>(WorklistIndex.ShardKey(tenant, id));
        var now = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var today = new DateOnly(2026, 3, 10);
        await Until.TrueAsync(async () => (await shard.Items(Team.SERVICE, now, today)).Any(e => e.Item.ItemId == itemId), TimeSpan.FromSeconds(10), "the hold never reached the service worklist");

        var anna = await shard.Take(itemId, "anna", now, today, TimeSpan.FromMinutes(30));
        var bram = await shard.Take(itemId, "bram", now.AddMinutes(10), today, TimeSpan.FromMinutes(30));
        var later = await shard.Take(itemId, "bram", now.AddMinutes(31), today, TimeSpan.FromMinutes(30));

        Assert.Equal((true, "anna", now.AddMinutes(30)), (anna.Taken, anna.Entry!.Lease!.Agent, anna.Entry.Lease.Until));
        Assert.Equal((false, "anna"), (bram.Taken, bram.Entry!.Lease!.Agent));
        Assert.Equal((true, "bram", now.AddMinutes(31)), (later.Taken, later.Entry!.Lease!.Agent, later.Entry.Lease.TakenAt));
        Assert.Equal("bram", (await shard.Items(Team.SERVICE, now.AddMinutes(32), today)).Single(e => e.Item.ItemId == itemId).Lease!.Agent);

        Assert.True(await shard.Complete(itemId, "bram", now.AddMinutes(40)));
        Assert.DoesNotContain(await shard.Items(Team.SERVICE, now.AddMinutes(41), today), e => e.Item.ItemId == itemId);
        Assert.False(await shard.Complete(WorklistRules.ItemId(id, WorklistKind.HOLD_WAITING, "nothing"), "bram", now));
    }

    /// <summary>An invoice, and for some customers a complaint, a promise (past or future), a payment; in one to three calls.</summary>
    private static List<ImmutableArray<Touchpoint>> Touchpoints(string id, string tenant, Random random)
    {
        var all = new List<Touchpoint> { Touchpoint(id, TouchpointType.INVOICE_ISSUED, $"{id}-a", 100m + random.Next(500), new DateOnly(2026, 3, 2), tenant: tenant) };
        if (random.NextDouble() < 0.4)
        {
            all.Add(Touchpoint(id, TouchpointType.COMPLAINT_OPENED, $"{id}-a", eventId: $"{id}-cmp", at: Start.AddDays(random.Next(5)), tenant: tenant, attributes: ("reason", "damaged")));
        }

        if (random.NextDouble() < 0.5)
        {
            var promised = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(random.Next(-20, 20));
            all.Add(Touchpoint(id, TouchpointType.PROMISE_TO_PAY, $"{id}-a", 50m, promised, at: Start.AddDays(6), tenant: tenant));
        }

        if (random.NextDouble() < 0.2)
        {
            all.Add(Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, $"{id}-a", 1_000m, at: Start.AddDays(7), tenant: tenant));
        }

        var cut = random.Next(1, all.Count + 1);
        return cut == all.Count ? [[.. all]] : [[.. all.Take(cut)], .. all.Skip(cut).Select(t => ImmutableArray.Create(t))];
    }
}
