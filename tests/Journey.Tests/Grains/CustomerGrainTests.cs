using Journey.Domain;
using Journey.Grains;
using Journey.Tests.Infrastructure;
using static Journey.Tests.Infrastructure.Sample;

namespace Journey.Tests.Grains;

[Collection(ClusterCollection.Name)]
public class CustomerGrainTests(ClusterFixture fixture)
{
    private ICustomerGrain Customer(string id, string tenant = "webshop") => fixture.Grains.GetGrain<ICustomerGrain>(GrainKeys.Of(tenant, id));

    [Fact]
    public async Task Invoice_payment_and_complaint_shape_the_case()
    {
        var id = NewId("c");
        var grain = Customer(id);

        await grain.Ingest([Touchpoint(id, TouchpointType.INVOICE_ISSUED, "inv-" + id, 100.00m, new DateOnly(2026, 3, 15))]);
        await grain.Ingest([Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, "inv-" + id, 40.00m)]);
        var state = await grain.Get();
        Assert.Equal(60.00m, state!.FindCase("inv-" + id)!.AmountDue);

        await grain.Ingest([Touchpoint(id, TouchpointType.COMPLAINT_OPENED, "inv-" + id, eventId: "cmp-1", attributes: ("reason", "leak"))]);
        state = await grain.Get();
        Assert.Equal("leak", CaseStatus.ActiveHold(state!, state!.Cases[0])!.Reason);

        await grain.Ingest([Touchpoint(id, TouchpointType.COMPLAINT_RESOLVED, "inv-" + id, attributes: ("reference", "cmp-1"))]);
        state = await grain.Get();
        Assert.Null(CaseStatus.ActiveHold(state!, state!.Cases[0]));
        Assert.Equal(4, state.Version);
    }

    [Fact]
    public async Task A_batch_is_applied_in_order_with_one_version_per_accepted_touchpoint()
    {
        var id = NewId("c");
        var outcomes = await Customer(id).Ingest(
        [
            Touchpoint(id, TouchpointType.INVOICE_ISSUED, "inv-" + id, 100m, new DateOnly(2026, 3, 15), eventId: "a"),
            Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, "inv-" + id, 10m, eventId: "b"),
            Touchpoint(id, TouchpointType.CREDIT_NOTE_ISSUED, "unknown-" + id, 5m, eventId: "c"),
            Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, "inv-" + id, 10m, eventId: "b"),
        ]);

        Assert.Equal([IngestStatus.Accepted, IngestStatus.Accepted, IngestStatus.Rejected, IngestStatus.Duplicate], outcomes.Select(o => o.Status));
        Assert.Equal("caseId", Assert.Single(outcomes[2].Errors).Field);
        // One version per accepted touchpoint, whatever the batching; a duplicate answers the version it found.
        Assert.Equal([1L, 2L, 0L, 2L], outcomes.Select(o => o.Version));
        var state = await Customer(id).Get();
        Assert.Equal((2L, 2L, 90m), (state!.Version, state.TimelineCount, state.Cases[0].AmountDue));
    }

    [Fact]
    public async Task Same_event_id_after_deactivation_is_still_a_duplicate_of_a_new_activation()
    {
        var id = NewId("c");
        var grain = Customer(id);
        var payment = Touchpoint(id, TouchpointType.PAYMENT_RECEIVED, amount: 25m, eventId: "pay-1");
        Assert.Equal(IngestStatus.Accepted, (await grain.Ingest([payment]))[0].Status);
        Assert.Equal(1, await Activations.CountAsync(fixture.Grains, grain));

        await fixture.DeactivateAllAsync();

        await Activations.GoneAsync(fixture.Grains, grain);
        var again = (await grain.Ingest([payment]))[0];
        Assert.Equal((IngestStatus.Duplicate, 1L), (again.Status, again.Version));
        var state = await grain.Get();
        Assert.Equal((1L, 1L, 25m), (state!.Version, state.TimelineCount, state.Credits.Sum(c => c.Amount)));
    }

    [Fact]
    public async Task A_case_id_serves_one_customer_only()
    {
        var (first, second, caseId) = (NewId("c"), NewId("c"), NewId("inv"));
        await Customer(first).Ingest([Touchpoint(first, TouchpointType.INVOICE_ISSUED, caseId, 10m, new DateOnly(2026, 3, 15))]);

        var outcome = (await Customer(second).Ingest([Touchpoint(second, TouchpointType.PAYMENT_RECEIVED, caseId, 10m)]))[0];

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal("caseId", outcome.Errors[0].Field);
        Assert.Null(await Customer(second).Get());
        Assert.Equal(first, await fixture.Grains.GetGrain<ICaseGrain>(GrainKeys.Of("webshop", caseId)).GetOwner());
    }

    [Fact]
    public async Task Tenants_are_separate_customers()
    {
        var id = NewId("c");
        await Customer(id, "housing").Ingest([Touchpoint(id, TouchpointType.APP_OPENED, tenant: "housing")]);

        Assert.Null(await Customer(id, "webshop").Get());
        Assert.NotNull(await Customer(id, "housing").Get());
    }

    [Fact]
    public async Task Timeline_overflow_is_archived_in_storage_and_read_back_after_reactivation()
    {
        var id = NewId("c");
        var grain = Customer(id);
        for (var i = 0; i < 20; i++)
        {
            await grain.Ingest([Touchpoint(id, TouchpointType.WEB_VISIT, eventId: $"t{i:00}", at: Start.AddMinutes(i))]);
        }

        await fixture.DeactivateAllAsync();

        var state = await grain.Get();
        var archive = await grain.GetArchive();
        Assert.Equal(20, state!.TimelineCount);
        Assert.InRange(state.Timeline.Length, ClusterFixture.Settings.TimelineBound, ClusterFixture.Settings.TimelineBound + ClusterFixture.Settings.ArchiveChunk);
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => $"t{i:00}"),
            archive.Select(t => t.EventId).Concat(state.Timeline.Reverse().Select(t => t.EventId)));
        Assert.Equal(IngestStatus.Duplicate, (await grain.Ingest([Touchpoint(id, TouchpointType.WEB_VISIT, eventId: "t00")]))[0].Status);
    }

    [Fact]
    public async Task Watchers_hear_each_persisted_change_with_its_version()
    {
        var id = NewId("c");
        var grain = Customer(id);
        var watcher = new RecordingWatcher();
        var reference = fixture.Grains.CreateObjectReference<ICustomerWatcher>(watcher);
        try
        {
            Assert.Equal(0, await grain.Watch(reference));
            await grain.Ingest([Touchpoint(id, TouchpointType.APP_OPENED, eventId: "x1")]);
            await grain.Ingest([Touchpoint(id, TouchpointType.APP_OPENED, eventId: "x1")]);
            await grain.Ingest([Touchpoint(id, TouchpointType.APP_OPENED, eventId: "x2")]);

            // One-way notifications may overtake each other: the version tells their order.
            var changes = (await watcher.WaitForAsync(2)).OrderBy(c => c.Version).ToList();
            Assert.Equal([1L, 2L], changes.Select(c => c.Version));
            Assert.Equal(["x1"], changes[0].EventIds.AsEnumerable());
        }
        finally
        {
            fixture.Grains.DeleteObjectReference<ICustomerWatcher>(reference);
        }
    }

    private sealed class RecordingWatcher : ICustomerWatcher
    {
        private readonly List<CustomerChanged> _changes = [];

        public Task OnChanged(CustomerChanged change)
        {
            lock (_changes)
            {
                _changes.Add(change);
            }

            return Task.CompletedTask;
        }

        public Task<List<CustomerChanged>> WaitForAsync(int count) =>
            Until.MatchAsync(() => Task.FromResult(Snapshot()), c => c.Count >= count, TimeSpan.FromSeconds(15), $"fewer than {count} changes reached the watcher", TimeSpan.FromMilliseconds(50));

        private List<CustomerChanged> Snapshot()
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }
}
